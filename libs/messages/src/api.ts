import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  MAX_MESSAGE_PAGE_SIZE,
  validateSendMessageRequest,
  type MessageChannel,
  type SendMessageRequest,
} from '@backend/contracts';
import { Table } from '@backend/persistence';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  registerSensitiveValues,
  validatorFrom,
  type HttpRequest,
  type HttpResponse,
  type HttpRoute,
} from '@backend/platform';
import { createHash } from 'node:crypto';
import { ApiKeyStore, mayReach, type ApiKeyRecord } from './api-keys.js';
import {
  IdempotencyKeyReusedError,
  RateLimitedError,
  RecipientOutOfScopeError,
  ServiceUnavailableError,
} from './errors.js';
import type { MessageKeyrings } from './keyring.js';
import { MessageStore, newMessageId, type MessageRecord } from './message-store.js';
import { countRequest } from './rate-limit.js';
import { checkSmsLength, mailboxOf, mailboxToRead } from './recipient.js';
import { isUnavailable } from './unavailable.js';

export interface MessagesApiOptions {
  readonly client: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly messagesTable: string;
  /** Rate-limit windows and Idempotency-Key records (short-lived, with a TTL). */
  readonly requestsTable: string;
  readonly apiKeysTable: string;
  /** The queue `send-message` consumes. */
  readonly queueUrl: string;
  /** The content and cursor keyrings (from Secrets Manager, cached). */
  readonly keyrings: () => Promise<MessageKeyrings>;
  /** How long an Idempotency-Key is remembered; 24 h by default. */
  readonly idempotencyHours?: number;
  readonly now?: () => Date;
}

/** What `send-message` receives: the message's key, never its content. */
export interface OutboxEntry {
  readonly msg_id: string;
  readonly message_id: string;
}

const API_KEY_HEADER = 'x-api-key';
const IDEMPOTENCY_HEADER = 'idempotency-key';
// Printable ASCII, as the IETF draft's examples and Stripe's keys are; a UUID fits.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const parseSendRequest = validatorFrom(validateSendMessageRequest);

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');

/** Runs a storage or queue call; AWS still throttling or failing after the SDK's retries becomes a 503. */
async function orUnavailable<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isUnavailable(error)) {
      throw new ServiceUnavailableError(`${what} is unavailable right now; retry the request`, {
        cause: error,
      });
    }
    throw error;
  }
}

function pageSizeOf(raw: string | undefined): number {
  if (raw === undefined) return 25;
  const limit = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= MAX_MESSAGE_PAGE_SIZE)) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_MESSAGE_PAGE_SIZE}`, {
      field: 'limit',
    });
  }
  return limit;
}

/**
 * The messages API, one function for its three routes (`POST /msg`, `GET /msg`, `GET /msg/{msg_id}/{message_id}`):
 * every route checks the API key, counts the request against the key's rate limit and keeps to the key's
 * recipients. Options are read on first use.
 */
export function messagesApi(options: MessagesApiOptions | (() => MessagesApiOptions)): HttpRoute {
  let resolved: MessagesApiOptions | undefined;
  const settings = () => (resolved ??= typeof options === 'function' ? options() : options);
  const now = () => settings().now?.() ?? new Date();

  const tables = () => {
    const s = settings();
    return {
      keys: new ApiKeyStore({ client: s.client, tableName: s.apiKeysTable }),
      requests: new Table({ client: s.client, tableName: s.requestsTable, partitionKey: 'id' }),
    };
  };

  /** The caller's key, counted against its rate limit. */
  async function caller(request: HttpRequest): Promise<ApiKeyRecord> {
    const presented = request.headers[API_KEY_HEADER];
    if (presented !== undefined) registerSensitiveValues(presented);
    const { keys, requests } = tables();
    const key = await orUnavailable('Key lookup', () => keys.authenticate(presented));
    await orUnavailable('Rate limiting', () => countRequest(requests, key, now().getTime()));
    return key;
  }

  function reachable(key: ApiKeyRecord, mailbox: string): void {
    if (!mayReach(key, mailbox)) throw new RecipientOutOfScopeError();
  }

  async function enqueue(record: MessageRecord): Promise<void> {
    const entry: OutboxEntry = { msg_id: record.msg_id, message_id: record.message_id };
    await orUnavailable('The send queue', () =>
      settings().sqs.send(
        new SendMessageCommand({ QueueUrl: settings().queueUrl, MessageBody: JSON.stringify(entry) }),
      ),
    );
  }

  /**
   * The message id of this request: new, or the first request's under the same Idempotency-Key (422 when the
   * key came with another body). Remembered before anything is stored, so a retry after a failure anywhere
   * later resumes the same message instead of making a second one.
   */
  async function messageIdFor(key: ApiKeyRecord, idempotencyKey: string | undefined, fingerprint: string) {
    const messageId = newMessageId();
    if (idempotencyKey === undefined) return messageId;
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationError('Idempotency-Key must be 1-255 printable ASCII characters', {
        field: 'Idempotency-Key',
      });
    }
    const { requests } = tables();
    const id = `idem#${key.key_id}#${sha256(idempotencyKey)}`;
    const expiresAt = Math.ceil(now().getTime() / 1000) + (settings().idempotencyHours ?? 24) * 3600;
    try {
      await orUnavailable('Idempotency', () =>
        requests.putNew({ id, message_id: messageId, fingerprint, expires_at: expiresAt }),
      );
      return messageId;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
    const first = await orUnavailable('Idempotency', () => requests.get({ id }, { consistent: true }));
    // Expired (DynamoDB's TTL deletes lazily) or gone: this request is a new one.
    if (first === undefined || (first['expires_at'] as number) * 1000 < now().getTime()) {
      await requests.batchWrite([{ put: { id, message_id: messageId, fingerprint, expires_at: expiresAt } }]);
      return messageId;
    }
    if (first['fingerprint'] !== fingerprint) throw new IdempotencyKeyReusedError();
    return first['message_id'] as string;
  }

  async function send(request: HttpRequest): Promise<HttpResponse> {
    const key = await caller(request);
    const body = parseSendRequest(request.json()) as SendMessageRequest;
    registerSensitiveValues(body.msg_id, body.subject, body.msg);
    const channel: MessageChannel = body.channel ?? 'email';
    const mailbox = mailboxOf(body.msg_id, channel);
    if (channel === 'sms') checkSmsLength(body.msg);
    reachable(key, mailbox);
    const storeSecure = body.store_secure === true;
    const fingerprint = sha256(JSON.stringify([mailbox, channel, body.subject, body.msg, storeSecure]));
    const idempotencyKey = request.headers[IDEMPOTENCY_HEADER];
    const messageId = await messageIdFor(key, idempotencyKey, fingerprint);

    const store = new MessageStore(
      { client: settings().client, tableName: settings().messagesTable },
      await settings().keyrings(),
    );
    const record = store.newRecord(
      {
        mailbox,
        channel,
        subject: body.subject,
        msg: body.msg,
        storeSecure,
        apiKeyId: key.key_id,
        messageId,
      },
      now(),
    );
    let current: MessageRecord = record;
    try {
      await orUnavailable('Message storage', () => store.put(record));
      try {
        await enqueue(record);
      } catch (error) {
        // Not accepted (503). Without an Idempotency-Key nothing can resume this message: remove it, so the
        // mailbox holds no message that will never be sent (best effort; with a key, a retry queues it).
        if (idempotencyKey === undefined) await store.discardUnqueued(record).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // The same Idempotency-Key again: answer as the first time. A message still `queued` may have missed the
      // queue when the first request failed; queueing it again is harmless (send-message sends it once).
      current = await orUnavailable('Message storage', () => store.get(mailbox, messageId));
      if (current.status === 'queued') await enqueue(current);
    }
    return {
      status: 202,
      body: { message_id: current.message_id, msg_id: current.msg_id, status: current.status },
    };
  }

  async function list(request: HttpRequest): Promise<HttpResponse> {
    const key = await caller(request);
    const mailbox = mailboxToRead(request.query['msg_id']);
    registerSensitiveValues(mailbox);
    reachable(key, mailbox);
    const limit = pageSizeOf(request.query['limit']);
    const store = new MessageStore(
      { client: settings().client, tableName: settings().messagesTable },
      await settings().keyrings(),
    );
    const page = await orUnavailable('Message storage', () =>
      store.page(mailbox, limit, request.query['next']),
    );
    return {
      status: 200,
      body: {
        // A list never carries the content of a secure message, whatever the key may decrypt.
        messages: page.records.map((record) => store.view(record, !record.store_secure)),
        ...(page.next === undefined ? {} : { next: page.next }),
      },
    };
  }

  async function read(request: HttpRequest): Promise<HttpResponse> {
    const key = await caller(request);
    const mailbox = mailboxToRead(request.pathParameters['msg_id']);
    registerSensitiveValues(mailbox);
    reachable(key, mailbox);
    const store = new MessageStore(
      { client: settings().client, tableName: settings().messagesTable },
      await settings().keyrings(),
    );
    const record = await orUnavailable('Message storage', () =>
      store.get(mailbox, request.pathParameters['message_id'] ?? ''),
    );
    const view = store.view(record, !record.store_secure || key.can_decrypt);
    return { status: 200, body: view };
  }

  return async (request) => {
    try {
      if (request.pathParameters['message_id'] !== undefined && request.method === 'GET')
        return await read(request);
      if (request.method === 'POST') return await send(request);
      if (request.method === 'GET') return await list(request);
      throw new NotFoundError('No such route', { code: 'ROUTE_NOT_FOUND' });
    } catch (error) {
      // The only error answered with a header: when the key may ask again.
      if (error instanceof RateLimitedError) {
        return {
          status: 429,
          headers: { 'retry-after': String(error.retryAfterSeconds) },
          body: { error: { code: error.code, message: error.message } },
        };
      }
      throw error;
    }
  };
}
