import { compileValidator } from '@backend/platform';

// The bodies the simulator's own pages send. The applicant's fields are passed to the job as entered: the job
// validates them against the contract, so a tester can also see how it answers bad input.

const traceId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const applicantPii = { type: 'object', maxProperties: 32 } as const;
const base64 = { type: 'string', minLength: 1, maxLength: 512, pattern: '^[A-Za-z0-9+/]+={0,2}$' } as const;

const addressRequestSchema = {
  type: 'object',
  required: ['applicant_pii'],
  additionalProperties: false,
  properties: { applicant_pii: applicantPii, trace_id: traceId },
} as const;

const resolutionRequestSchema = {
  type: 'object',
  required: ['applicant_pii', 'should_proof_state_id'],
  additionalProperties: false,
  properties: {
    applicant_pii: applicantPii,
    should_proof_state_id: { type: 'boolean' },
    dob_year_only: { type: 'boolean' },
    trace_id: traceId,
  },
} as const;

const documentUploadSchema = {
  type: 'object',
  required: ['selfie'],
  additionalProperties: false,
  properties: { selfie: { type: 'boolean' } },
} as const;

const documentJobSchema = {
  type: 'object',
  required: ['upload_id', 'encryption_key', 'front_image_iv', 'back_image_iv', 'liveness_checking_enabled'],
  additionalProperties: false,
  properties: {
    upload_id: { type: 'string', format: 'uuid' },
    encryption_key: base64,
    front_image_iv: base64,
    back_image_iv: base64,
    selfie_image_iv: { anyOf: [base64, { type: 'null' }] },
    liveness_checking_enabled: { type: 'boolean' },
    trace_id: traceId,
  },
} as const;

export const jobRequestValidators = {
  address: compileValidator(addressRequestSchema),
  resolution: compileValidator(resolutionRequestSchema),
};
export const documentUploadRequest = compileValidator(documentUploadSchema);
export const documentJobRequest = compileValidator(documentJobSchema);
