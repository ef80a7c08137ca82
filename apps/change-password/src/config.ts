import {
  ACCOUNTS_FUNCTION_REQUIRED_CONFIG,
  accountsConfigProperties,
  accountsFunctionConfigProperties,
} from '@backend/accounts';
import { lazyConfig } from '@backend/platform';

const { SESSION_KEYS_SECRET } = accountsConfigProperties;

/** The function's environment variables; the service declaration and Terraform give exactly these. */
export const configSchema = {
  type: 'object',
  required: [...ACCOUNTS_FUNCTION_REQUIRED_CONFIG, 'SESSION_KEYS_SECRET'],
  properties: { ...accountsFunctionConfigProperties, SESSION_KEYS_SECRET },
} as const;

export const config = lazyConfig(configSchema);
