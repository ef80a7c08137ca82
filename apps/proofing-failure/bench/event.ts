// The benchmark's first invoke of proofing-failure: one SQS record holding Lambda's on-failure destination
// record of a proof-address job; the token from the stub's SSM; the failure report POSTed to the stub.
const destinationRecord = {
  version: '1.0',
  timestamp: '2026-11-21T12:00:00.000Z',
  requestContext: {
    requestId: 'bench-failed-request',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:local-proof-address:bench',
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  },
  requestPayload: { callback_url: '{{STUB_URL}}/api/address/result/bench-0003' },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  responsePayload: { errorType: 'CallbackDeliveryError', errorMessage: 'callback not delivered' },
};

export const event = {
  Records: [
    {
      messageId: 'bench-message-1',
      receiptHandle: 'bench-receipt',
      body: JSON.stringify(destinationRecord),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1795262400000',
        SenderId: 'bench',
        ApproximateFirstReceiveTimestamp: '1795262400000',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:local-proofing-failures',
      awsRegion: 'us-east-1',
    },
  ],
};

export const env = {
  ENVIRONMENT: 'local',
  CALLBACK_ALLOWED_HOSTS: '127.0.0.1',
  ADDRESS_TOKEN_PARAMETER: '/local/idp/doc-capture/address_proof_result_token',
  RESOLUTION_TOKEN_PARAMETER: '/local/idp/doc-capture/resolution_proof_result_token',
  DOCUMENT_TOKEN_PARAMETER: '/local/idp/doc-capture/document_proof_result_token',
  ADDRESS_SIGNING_KEY_PARAMETER: '/local/idp/doc-capture/address_proof_result_signing_key',
  RESOLUTION_SIGNING_KEY_PARAMETER: '/local/idp/doc-capture/resolution_proof_result_signing_key',
  DOCUMENT_SIGNING_KEY_PARAMETER: '/local/idp/doc-capture/document_proof_result_signing_key',
  LOG_LEVEL: 'WARN',
};

export const responses = {
  'AmazonSSM.GetParameter': {
    body: {
      Parameter: {
        Name: '/local/idp/doc-capture/address_proof_result_token',
        Type: 'SecureString',
        // Serves as the token and as the signing key, which must be at least 32 characters.
        Value: 'bench-secret-0123456789abcdef0123456789',
        Version: 1,
      },
    },
  },
};
