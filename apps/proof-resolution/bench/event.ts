// The benchmark's first invoke of proof-resolution: SSM token and outcome key from the stub, mock vendors
// (InstantVerify, then the state ID), the outcome store on the stub's DynamoDB, the callback to the stub.
export const event = {
  applicant_pii: {
    uuid: 'bench-0002',
    first_name: 'Bench',
    last_name: 'Mark',
    dob: '1970-01-01',
    ssn: '900-00-0002',
    address1: '1 Bench Street',
    city: 'Springfield',
    state: 'IL',
    zipcode: '62704',
    state_id_number: 'B1234567',
    state_id_type: 'drivers_license',
    state_id_jurisdiction: 'IL',
  },
  should_proof_state_id: true,
  callback_url: '{{STUB_URL}}/api/resolution/result/bench-0002',
  trace_id: 'bench-trace',
};

export const env = {
  ENVIRONMENT: 'local',
  CALLBACK_TOKEN_PARAMETER: '/local/idp/doc-capture/resolution_proof_result_token',
  CALLBACK_SIGNING_KEY_PARAMETER: '/local/idp/doc-capture/resolution_proof_result_signing_key',
  CALLBACK_ALLOWED_HOSTS: '127.0.0.1',
  IDEMPOTENCY_TABLE: 'local-proofing-outcomes',
  RESULT_KEY_PARAMETER: '/local/proofing/result_encryption_key',
  LOG_LEVEL: 'WARN',
};

export const responses = {
  'AmazonSSM.GetParameter': {
    body: {
      Parameter: {
        Name: '/local/idp/doc-capture/resolution_proof_result_token',
        Type: 'SecureString',
        // Serves as the token and as the outcome key's material, which must be at least 32 characters.
        Value: 'bench-secret-0123456789abcdef0123456789',
        Version: 1,
      },
    },
  },
  'DynamoDB_20120810.PutItem': { body: {} },
  'DynamoDB_20120810.UpdateItem': { body: {} },
};
