import { accountsConfigProperties } from '@backend/accounts';
import { lazyConfig } from '@backend/platform';

const { ENVIRONMENT, USERS_TABLE, RATE_LIMIT_TABLE, LOG_LEVEL, TRUSTED_PROXY_CIDRS, SESSION_KEYS_SECRET } =
  accountsConfigProperties;

/** The function's environment variables; the service declaration and Terraform give exactly these. */
export const configSchema = {
  type: 'object',
  required: ['ENVIRONMENT', 'USERS_TABLE', 'RATE_LIMIT_TABLE', 'SESSION_KEYS_SECRET'],
  properties: {
    ENVIRONMENT,
    USERS_TABLE,
    RATE_LIMIT_TABLE,
    SESSION_KEYS_SECRET,
    TRUSTED_PROXY_CIDRS,
    LOG_LEVEL,
  },
} as const;

export const config = lazyConfig(configSchema);
