import { lazyConfig } from '@backend/platform';

/** The function's environment variables; Terraform's composition is checked against this schema. */
export const configSchema = {
  type: 'object',
  required: ['ENVIRONMENT', 'CALLBACK_TOKEN_PARAMETER', 'CALLBACK_ALLOWED_HOSTS'],
  properties: {
    ENVIRONMENT: { type: 'string', enum: ['local', 'sandbox', 'test', 'beta', 'prod'] },
    /** SSM SecureString holding the address job's X-API-AUTH-TOKEN. */
    CALLBACK_TOKEN_PARAMETER: { type: 'string', pattern: '^/' },
    /** Comma-separated host names of the IDP that results may be sent to. */
    CALLBACK_ALLOWED_HOSTS: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    /** The most a job may take; the IDP stops waiting at 60 s. */
    JOB_BUDGET_MS: { type: 'integer', minimum: 1000, maximum: 55_000, default: 45_000 },
    ADDRESS_VENDOR: { type: 'string', enum: ['mock'], default: 'mock' },
    LOG_LEVEL: { type: 'string', enum: ['DEBUG', 'INFO', 'WARN', 'ERROR'], default: 'INFO' },
  },
} as const;

export const config = lazyConfig(configSchema);
