import { lazyConfig } from '@backend/platform';
import { proofingConfigProperties, proofingConfigRequired } from '@backend/proofing';

/** The function's environment variables; Terraform's composition is checked against this schema. */
export const configSchema = {
  type: 'object',
  required: [...proofingConfigRequired],
  properties: {
    ...proofingConfigProperties,
    RESOLUTION_VENDOR: { type: 'string', enum: ['mock', 'lexisnexis'], default: 'mock' },
    /** Secrets Manager secret of LexisNexis InstantVerify; required when RESOLUTION_VENDOR is lexisnexis. */
    RESOLUTION_VENDOR_SECRET: { type: 'string', minLength: 1 },
    STATE_ID_VENDOR: { type: 'string', enum: ['mock', 'aamva'], default: 'mock' },
    /** Secrets Manager secret of AAMVA DLDV; required when STATE_ID_VENDOR is aamva. */
    STATE_ID_VENDOR_SECRET: { type: 'string', minLength: 1 },
  },
} as const;

export const config = lazyConfig(configSchema);
