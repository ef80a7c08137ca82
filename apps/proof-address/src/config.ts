import { lazyConfig } from '@backend/platform';
import { proofingConfigProperties, proofingConfigRequired } from '@backend/proofing';

/** The function's environment variables; Terraform's composition is checked against this schema. */
export const configSchema = {
  type: 'object',
  required: [...proofingConfigRequired],
  properties: {
    ...proofingConfigProperties,
    ADDRESS_VENDOR: { type: 'string', enum: ['mock', 'lexisnexis'], default: 'mock' },
    /** Secrets Manager secret of LexisNexis PhoneFinder; required when ADDRESS_VENDOR is lexisnexis. */
    ADDRESS_VENDOR_SECRET: { type: 'string', minLength: 1 },
  },
} as const;

export const config = lazyConfig(configSchema);
