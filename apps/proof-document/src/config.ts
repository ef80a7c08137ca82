import { lazyConfig } from '@backend/platform';
import { proofingConfigProperties, proofingConfigRequired } from '@backend/proofing';

/** The function's environment variables; Terraform's composition is checked against this schema. */
export const configSchema = {
  type: 'object',
  required: [...proofingConfigRequired, 'DOCUMENT_BUCKET'],
  properties: {
    ...proofingConfigProperties,
    /** The only bucket images are read from (and deleted from once the IDP has the result). */
    DOCUMENT_BUCKET: { type: 'string', minLength: 3 },
    MAX_IMAGE_BYTES: { type: 'integer', minimum: 1024, default: 15 * 1024 * 1024 },
    DOCUMENT_VENDOR: { type: 'string', enum: ['mock', 'acuant'], default: 'mock' },
    /** Secrets Manager secret with Acuant's URLs and credentials; required when DOCUMENT_VENDOR is acuant. */
    DOCUMENT_VENDOR_SECRET: { type: 'string', minLength: 1 },
  },
} as const;

export const config = lazyConfig(configSchema);
