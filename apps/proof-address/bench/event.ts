// The benchmark's first invoke of proof-address: SSM token from the stub, mock vendor, callback to the stub.
export const event = {
  applicant_pii: {
    uuid: 'bench-0001',
    first_name: 'Bench',
    last_name: 'Mark',
    dob: '1970-01-01',
    ssn: '900-00-0001',
    phone: '2025550100',
  },
  callback_url: '{{STUB_URL}}/api/address/result/bench-0001',
  trace_id: 'bench-trace',
};

export const env = {
  ENVIRONMENT: 'local',
  CALLBACK_TOKEN_PARAMETER: '/local/idp/doc-capture/address_proof_result_token',
  CALLBACK_SIGNING_KEY_PARAMETER: '/local/idp/doc-capture/address_proof_result_signing_key',
  CALLBACK_ALLOWED_HOSTS: '127.0.0.1',
  IDEMPOTENCY_TABLE: 'local-proofing-outcomes',
  RESULT_KEY_PARAMETER: '/local/proofing/result_encryption_key',
  LOG_LEVEL: 'WARN',
};

export const responses = {
  'AmazonSSM.GetParameter': {
    body: {
      Parameter: {
        Name: '/local/idp/doc-capture/address_proof_result_token',
        Type: 'SecureString',
        // Serves as the token and as the outcome key's material, which must be at least 32 characters.
        Value: 'bench-secret-0123456789abcdef0123456789',
        Version: 1,
      },
    },
  },
  // The outcome store's first write (an in-progress record) and its completion.
  'DynamoDB_20120810.PutItem': { body: {} },
  'DynamoDB_20120810.UpdateItem': { body: {} },
};
