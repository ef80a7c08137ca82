import { ACCOUNTS_FUNCTION_REQUIRED_CONFIG, accountsFunctionConfigProperties } from '@backend/accounts';
import { lazyConfig } from '@backend/platform';

/** The function's environment variables; the service declaration and Terraform give exactly these. */
export const configSchema = {
  type: 'object',
  required: [...ACCOUNTS_FUNCTION_REQUIRED_CONFIG],
  properties: { ...accountsFunctionConfigProperties },
} as const;

export const config = lazyConfig(configSchema);
