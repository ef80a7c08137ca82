import {
  ACCOUNTS_FUNCTION_REQUIRED_CONFIG,
  accountsConfigProperties,
  accountsFunctionConfigProperties,
} from '@backend/accounts';
import { lazyConfig } from '@backend/platform';

const { MAIL_FROM, PUBLIC_BASE_URL } = accountsConfigProperties;

/** The function's environment variables; the service declaration and Terraform give exactly these. */
export const configSchema = {
  type: 'object',
  required: [...ACCOUNTS_FUNCTION_REQUIRED_CONFIG, 'MAIL_FROM', 'PUBLIC_BASE_URL'],
  properties: { ...accountsFunctionConfigProperties, MAIL_FROM, PUBLIC_BASE_URL },
} as const;

export const config = lazyConfig(configSchema);
