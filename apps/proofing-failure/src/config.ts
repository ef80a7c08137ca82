import { lazyConfig } from '@backend/platform';
import { proofingConfigProperties } from '@backend/proofing';

const { ENVIRONMENT, CALLBACK_ALLOWED_HOSTS, LOG_LEVEL } = proofingConfigProperties;
// Each job type's token and signing key parameters read as the jobs' own do.
const tokenParameter = proofingConfigProperties.CALLBACK_TOKEN_PARAMETER;
const signingKeyParameter = proofingConfigProperties.CALLBACK_SIGNING_KEY_PARAMETER;

/** The function's environment variables; Terraform's composition is checked against this schema. */
export const configSchema = {
  type: 'object',
  required: [
    'ENVIRONMENT',
    'CALLBACK_ALLOWED_HOSTS',
    'ADDRESS_TOKEN_PARAMETER',
    'RESOLUTION_TOKEN_PARAMETER',
    'DOCUMENT_TOKEN_PARAMETER',
    'ADDRESS_SIGNING_KEY_PARAMETER',
    'RESOLUTION_SIGNING_KEY_PARAMETER',
    'DOCUMENT_SIGNING_KEY_PARAMETER',
  ],
  properties: {
    ENVIRONMENT,
    CALLBACK_ALLOWED_HOSTS,
    ADDRESS_TOKEN_PARAMETER: tokenParameter,
    RESOLUTION_TOKEN_PARAMETER: tokenParameter,
    DOCUMENT_TOKEN_PARAMETER: tokenParameter,
    ADDRESS_SIGNING_KEY_PARAMETER: signingKeyParameter,
    RESOLUTION_SIGNING_KEY_PARAMETER: signingKeyParameter,
    DOCUMENT_SIGNING_KEY_PARAMETER: signingKeyParameter,
    /** How long one report may take, callback retries included (the queue's visibility timeout is longer). */
    REPORT_BUDGET_MS: { type: 'integer', minimum: 1000, maximum: 120_000, default: 20_000 },
    LOG_LEVEL,
  },
} as const;

export const config = lazyConfig(configSchema);
