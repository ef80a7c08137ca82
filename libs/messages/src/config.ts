/** The environment variables the messages functions read (each app's `configSchema` picks its own). */
export const messagesConfigProperties = {
  ENVIRONMENT: { type: 'string', enum: ['local', 'sandbox', 'test', 'beta', 'prod'] },
  /** DynamoDB table of the messages (partition key msg_id, sort key ts). */
  MESSAGES_TABLE: { type: 'string', minLength: 1 },
  /** DynamoDB table of rate-limit windows and Idempotency-Key records (TTL expires_at). */
  REQUESTS_TABLE: { type: 'string', minLength: 1 },
  /** DynamoDB table of the API keys, by hash. */
  API_KEYS_TABLE: { type: 'string', minLength: 1 },
  /** Secrets Manager secret holding the content keyring (libs/messages parseMessageKeyrings). */
  CONTENT_KEYRING_SECRET: { type: 'string', minLength: 1 },
  /** The queue send-message consumes. */
  OUTBOX_QUEUE_URL: { type: 'string', pattern: '^https?://' },
  /** Its dead-letter queue: undeliverable messages go there with their reason. */
  OUTBOX_DLQ_URL: { type: 'string', pattern: '^https?://' },
  /** The outbox's redrive maxReceiveCount (modules/queue's max_receive_count). */
  MAX_RECEIVE_COUNT: { type: 'integer', minimum: 1, maximum: 1000, default: 5 },
  /** How long a claim on a message holds: above the function's timeout, below the visibility timeout. */
  CLAIM_SECONDS: { type: 'integer', minimum: 10, maximum: 43_200, default: 60 },
  /** The verified SES identity mail is sent from. */
  MAIL_FROM: { type: 'string', minLength: 3 },
  /** SES configuration set (event publishing, suppression); none by default. */
  SES_CONFIGURATION_SET: { type: 'string' },
  /** `AWS.SNS.SMS.SenderID` for countries that show one; none by default. */
  SMS_SENDER_ID: { type: 'string', pattern: '^[A-Za-z0-9]{1,11}$' },
  LOG_LEVEL: { type: 'string', enum: ['DEBUG', 'INFO', 'WARN', 'ERROR'], default: 'INFO' },
} as const;
