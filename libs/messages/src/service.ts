import { LOCAL_ENVIRONMENT, type ServiceDeclaration } from '@backend/contracts';

// The messages service as the local cloud deploys it (tools/services lists it); the drift test in tools/services
// holds it to terraform/services/messages and terraform/stacks/data.

const env = LOCAL_ENVIRONMENT;

/** terraform/stacks/data: every message, by recipient (msg_id) and time (ts). */
export const messagesTable = `${env}-messages`;
/** terraform/stacks/data: rate-limit windows and Idempotency-Key records, expiring through the TTL. */
export const requestsTable = `${env}-messages-requests`;
/** terraform/stacks/data: the API keys, stored by hash. */
export const apiKeysTable = `${env}-messages-api-keys`;
/** terraform/stacks/data: the keyring store_secure content is sealed with (Secrets Manager). */
export const contentKeyringSecret = `${env}/messages/content-keyring`;
/** terraform/services/messages: messages waiting to be sent; modules/queue adds `<name>-dlq`. */
export const outboxQueue = `${env}-messages-outbox`;

const common = {
  ENVIRONMENT: env,
  MESSAGES_TABLE: messagesTable,
  CONTENT_KEYRING_SECRET: contentKeyringSecret,
};

/** terraform/services/messages (compute) and terraform/stacks/data (its tables and secret). */
export const messagesService: ServiceDeclaration = {
  service: 'messages',
  tables: [
    { name: messagesTable, partitionKey: { name: 'msg_id', type: 'S' }, sortKey: { name: 'ts', type: 'S' } },
    { name: requestsTable, partitionKey: { name: 'id', type: 'S' }, ttlAttribute: 'expires_at' },
    { name: apiKeysTable, partitionKey: { name: 'key_hash', type: 'S' } },
  ],
  queues: [
    // modules/queue's defaults: 4 days in the outbox, 14 in the DLQ, 5 receives, 180 s visibility.
    { name: `${outboxQueue}-dlq`, messageRetentionSeconds: 1_209_600 },
    {
      name: outboxQueue,
      messageRetentionSeconds: 345_600,
      // Six times send-message's timeout, and above its claim on a message (CLAIM_SECONDS).
      visibilityTimeoutSeconds: 180,
      deadLetter: { queue: `${outboxQueue}-dlq`, maxReceiveCount: 5 },
    },
  ],
  // A random local value, generated at first start: one key (k0) of the content keyring.
  secrets: [{ name: contentKeyringSecret }],
  // The API reference (OpenAPI 3 and its HTML page, generated from libs/contracts), beside the API.
  functions: [
    {
      name: `${env}-messages-api`,
      app: 'messages-api',
      timeoutSeconds: 10,
      memoryMb: 512,
      environment: {
        ...common,
        REQUESTS_TABLE: requestsTable,
        API_KEYS_TABLE: apiKeysTable,
        OUTBOX_QUEUE_URL: { queueUrl: outboxQueue },
      },
      routes: ['POST /msg', 'GET /msg', 'GET /msg/{msg_id}/{message_id}'],
    },
    {
      name: `${env}-send-message`,
      app: 'send-message',
      timeoutSeconds: 30,
      memoryMb: 512,
      environment: {
        ...common,
        OUTBOX_DLQ_URL: { queueUrl: `${outboxQueue}-dlq` },
        MAX_RECEIVE_COUNT: '5',
        CLAIM_SECONDS: '60',
        MAIL_FROM: 'messages@example.test',
      },
      sqs: [{ queue: outboxQueue, batchSize: 10, reportBatchItemFailures: true }],
    },
  ],
};
