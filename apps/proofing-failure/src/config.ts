import { lazyConfig } from '@backend/platform';
import { proofingConfigProperties } from '@backend/proofing';

const { ENVIRONMENT, CALLBACK_ALLOWED_HOSTS, LOG_LEVEL } = proofingConfigProperties;
// Each job type's token parameter reads as the jobs' own CALLBACK_TOKEN_PARAMETER does.
const tokenParameter = proofingConfigProperties.CALLBACK_TOKEN_PARAMETER;

/** The function's environment variables; Terraform's composition is checked against this schema. */
export const configSchema = {
  type: 'object',
  required: [
    'ENVIRONMENT',
    'CALLBACK_ALLOWED_HOSTS',
    'ADDRESS_TOKEN_PARAMETER',
    'RESOLUTION_TOKEN_PARAMETER',
    'DOCUMENT_TOKEN_PARAMETER',
  ],
  properties: {
    ENVIRONMENT,
    CALLBACK_ALLOWED_HOSTS,
    ADDRESS_TOKEN_PARAMETER: tokenParameter,
    RESOLUTION_TOKEN_PARAMETER: tokenParameter,
    DOCUMENT_TOKEN_PARAMETER: tokenParameter,
    /** How long one report may take, callback retries included (the queue's visibility timeout is longer). */
    REPORT_BUDGET_MS: { type: 'integer', minimum: 1000, maximum: 120_000, default: 20_000 },
    LOG_LEVEL,
  },
} as const;

export const config = lazyConfig(configSchema);
