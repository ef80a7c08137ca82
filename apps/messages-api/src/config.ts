import { lazyConfig } from '@backend/platform';
import { messagesConfigProperties } from '@backend/messages';

const p = messagesConfigProperties;

/** The function's environment variables; Terraform's composition is checked against this schema. */
export const configSchema = {
  type: 'object',
  required: [
    'ENVIRONMENT',
    'MESSAGES_TABLE',
    'REQUESTS_TABLE',
    'API_KEYS_TABLE',
    'CONTENT_KEYRING_SECRET',
    'OUTBOX_QUEUE_URL',
  ],
  properties: {
    ENVIRONMENT: p.ENVIRONMENT,
    MESSAGES_TABLE: p.MESSAGES_TABLE,
    REQUESTS_TABLE: p.REQUESTS_TABLE,
    API_KEYS_TABLE: p.API_KEYS_TABLE,
    CONTENT_KEYRING_SECRET: p.CONTENT_KEYRING_SECRET,
    OUTBOX_QUEUE_URL: p.OUTBOX_QUEUE_URL,
    LOG_LEVEL: p.LOG_LEVEL,
  },
} as const;

export const config = lazyConfig(configSchema);
