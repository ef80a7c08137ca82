import { SQSClient } from '@aws-sdk/client-sqs';
import { MAX_MESSAGE_REQUEST_BYTES } from '@backend/contracts';
import { messagesApi, parseMessageKeyrings } from '@backend/messages';
import { createDocumentClient } from '@backend/persistence';
import { getSecret, httpHandler } from '@backend/platform';
import { config } from './config.js';

// Created once per execution environment; nothing reaches the network before the first request.
const client = createDocumentClient();
const sqs = new SQSClient({});

/** POST /msg, GET /msg and GET /msg/{msg_id}/{message_id}: the messages API, behind its API keys. */
export const handler = httpHandler(
  messagesApi(() => {
    const c = config();
    return {
      client,
      sqs,
      messagesTable: c.MESSAGES_TABLE,
      requestsTable: c.REQUESTS_TABLE,
      apiKeysTable: c.API_KEYS_TABLE,
      queueUrl: c.OUTBOX_QUEUE_URL,
      keyrings: async () => parseMessageKeyrings(await getSecret(c.CONTENT_KEYRING_SECRET)),
    };
  }),
  { maxBodyBytes: MAX_MESSAGE_REQUEST_BYTES },
);
