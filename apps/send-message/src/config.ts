import { lazyConfig } from '@backend/platform';
import { messagesConfigProperties } from '@backend/messages';

const p = messagesConfigProperties;

/** The function's environment variables; Terraform's composition is checked against this schema. */
export const configSchema = {
  type: 'object',
  required: ['ENVIRONMENT', 'MESSAGES_TABLE', 'CONTENT_KEYRING_SECRET', 'OUTBOX_DLQ_URL', 'MAIL_FROM'],
  properties: {
    ENVIRONMENT: p.ENVIRONMENT,
    MESSAGES_TABLE: p.MESSAGES_TABLE,
    CONTENT_KEYRING_SECRET: p.CONTENT_KEYRING_SECRET,
    OUTBOX_DLQ_URL: p.OUTBOX_DLQ_URL,
    MAX_RECEIVE_COUNT: p.MAX_RECEIVE_COUNT,
    CLAIM_SECONDS: p.CLAIM_SECONDS,
    MAIL_FROM: p.MAIL_FROM,
    SES_CONFIGURATION_SET: p.SES_CONFIGURATION_SET,
    SMS_SENDER_ID: p.SMS_SENDER_ID,
    LOG_LEVEL: p.LOG_LEVEL,
  },
} as const;

export const config = lazyConfig(configSchema);
