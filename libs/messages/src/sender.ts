import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VersionConflictError } from '@backend/persistence';
import {
  logger as defaultLogger,
  registerSensitiveValues,
  type Logger,
  type SqsRecordHandler,
} from '@backend/platform';
import type { SQSRecord } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OutboxEntry } from './api.js';
import type { Channels } from './channels.js';
import { DeliveryError, MessageNotFoundError } from './errors.js';
import type { MessageKeyrings } from './keyring.js';
import { MessageStore, type MessageContent, type MessageRecord } from './message-store.js';

export interface MessageSenderOptions {
  readonly client: DynamoDBDocumentClient;
  readonly messagesTable: string;
  readonly keyrings: () => Promise<MessageKeyrings>;
  readonly channels: Channels;
  /** The outbox's dead-letter queue: undeliverable messages are put there with their reason. */
  readonly sqs: SQSClient;
  readonly deadLetterQueueUrl: string;
  /** The queue's redrive `maxReceiveCount`: on the last receive a transient failure becomes final. */
  readonly maxReceiveCount: number;
  /** How long a claim holds (longer than the function's timeout, shorter than the visibility timeout). */
  readonly claimSeconds: number;
  readonly now?: () => Date;
  readonly logger?: Logger;
}

/** What became of one queue record. */
export type SendOutcome = 'sent' | 'failed' | 'already-final' | 'dead-lettered';

/** Why a record could not be delivered: `code` a stable name, `detail` a sentence without PII. */
interface Failure {
  readonly code: string;
  readonly detail: string;
}

const UUID = /^[0-9a-f-]{36}$/;

/** The key a queue record names, or undefined for a poison record (not JSON, another shape). */
function entryOf(record: Pick<SQSRecord, 'body'>): OutboxEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(record.body);
  } catch {
    return undefined;
  }
  const entry = value as Partial<OutboxEntry> | null;
  if (typeof entry !== 'object' || entry === null) return undefined;
  if (typeof entry.msg_id !== 'string' || entry.msg_id.length > 254) return undefined;
  if (typeof entry.message_id !== 'string' || !UUID.test(entry.message_id)) return undefined;
  return { msg_id: entry.msg_id, message_id: entry.message_id };
}

/** The last status change must land, or a sent message would look interrupted: a few more tries than the SDK's. */
async function persistently<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (error instanceof VersionConflictError || attempt >= 4) throw error;
      await sleep(100 * 2 ** attempt * Math.random());
    }
  }
}

/**
 * `send-message`'s record handler. Each record names one stored message; it is sent at most once: the message
 * is claimed (`queued` -> `sending`, optimistic locking) before SES or SNS is called, so a redelivered or
 * concurrent record finds it claimed or final and sends nothing. Then:
 * - sent: `sent` with the provider's message id;
 * - refused for good (a rejected address, an invalid number): `failed` with the reason, and the record is put in
 *   the dead-letter queue with that reason;
 * - a transient failure (throttling, the provider's fault, no answer): the claim is released and the record
 *   fails, so SQS delivers it again; on its last receive it ends `failed` in the dead-letter queue instead;
 * - a poison record (not a message key, or no such message): straight to the dead-letter queue with its reason.
 * A claim left by an invocation that stopped mid-send (its time ran out) is never resent: neither SES nor SNS
 * takes an idempotency key, so the message ends `failed` (`DELIVERY_UNKNOWN`) in the dead-letter queue for an
 * operator to check, rather than risking a second copy.
 */
export function messageSender(
  options: MessageSenderOptions | (() => MessageSenderOptions),
): SqsRecordHandler {
  let resolved: MessageSenderOptions | undefined;
  const settings = () => (resolved ??= typeof options === 'function' ? options() : options);

  async function deadLetter(record: SQSRecord, failure: Failure): Promise<void> {
    const { sqs, deadLetterQueueUrl } = settings();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MessageBody: record.body,
        MessageAttributes: {
          failure_code: { DataType: 'String', StringValue: failure.code },
          failure_reason: { DataType: 'String', StringValue: failure.detail },
          source_message_id: { DataType: 'String', StringValue: record.messageId },
        },
      }),
    );
  }

  return async (record) => {
    const s = settings();
    const log = s.logger ?? defaultLogger;
    const now = () => s.now?.() ?? new Date();
    const entry = entryOf(record);
    if (entry === undefined) {
      await deadLetter(record, { code: 'MALFORMED_RECORD', detail: 'The record is not a message key' });
      log.warn('Poison record moved to the dead-letter queue', { message_id: record.messageId });
      return 'dead-lettered' satisfies SendOutcome;
    }
    registerSensitiveValues(entry.msg_id);
    const store = new MessageStore({ client: s.client, tableName: s.messagesTable }, await s.keyrings());
    let message: MessageRecord;
    try {
      message = await store.get(entry.msg_id, entry.message_id);
    } catch (error) {
      if (!(error instanceof MessageNotFoundError)) throw error;
      await deadLetter(record, { code: 'UNKNOWN_MESSAGE', detail: 'No stored message has this key' });
      log.warn('Record of an unknown message moved to the dead-letter queue', {
        message_id: entry.message_id,
      });
      return 'dead-lettered' satisfies SendOutcome;
    }
    const logKeys = { message_id: message.message_id, channel: message.channel };

    const fail = async (current: MessageRecord, failure: Failure): Promise<SendOutcome> => {
      await persistently(() =>
        store.update(current, {
          status: 'failed',
          failure_reason: `${failure.code}: ${failure.detail}`,
          updated_at: now().toISOString(),
        }),
      );
      await deadLetter(record, failure);
      log.warn('Message failed', { ...logKeys, failure_code: failure.code });
      return 'failed';
    };

    if (message.status === 'sent' || message.status === 'failed') {
      log.info('Message already final; not sent again', { ...logKeys, status: message.status });
      return 'already-final' satisfies SendOutcome;
    }
    if (message.status === 'sending') {
      if ((message.claimed_until ?? 0) > now().getTime()) {
        // Another invocation is at it: come back after the visibility timeout and find it final.
        throw new DeliveryError('InFlightElsewhere', false);
      }
      return fail(message, {
        code: 'DELIVERY_UNKNOWN',
        detail: 'An earlier attempt stopped while sending; not sent again, to never send twice',
      });
    }

    const attempt = message.attempts + 1;
    let claimed: MessageRecord;
    try {
      claimed = await store.update(message, {
        status: 'sending',
        attempts: attempt,
        claimed_until: now().getTime() + s.claimSeconds * 1000,
        updated_at: now().toISOString(),
      });
    } catch (error) {
      if (error instanceof VersionConflictError) throw new DeliveryError('ClaimedElsewhere', false);
      throw error;
    }

    let content: MessageContent;
    try {
      content = store.contentOf(claimed);
    } catch {
      // The keyring lost the key it was sealed with, or the envelope was altered: no retry can send it.
      return fail(claimed, {
        code: 'CONTENT_UNREADABLE',
        detail: 'The stored content could not be opened with the content keyring',
      });
    }
    registerSensitiveValues(content.subject, content.msg);
    let providerMessageId: string;
    try {
      providerMessageId = await s.channels[claimed.channel](claimed.msg_id, content);
    } catch (error) {
      const delivery =
        error instanceof DeliveryError
          ? error
          : new DeliveryError(error instanceof Error ? error.name : 'Unknown', false, { cause: error });
      const provider = claimed.channel === 'sms' ? 'SNS' : 'SES';
      if (delivery.permanent) {
        return fail(claimed, { code: delivery.reason, detail: `${provider} refused the message for good` });
      }
      const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      if (receives >= s.maxReceiveCount) {
        return fail(claimed, {
          code: 'RETRIES_EXHAUSTED',
          detail: `${provider} failed on each of ${receives} attempts, last with ${delivery.reason}`,
        });
      }
      // Nothing was sent: give the message back for the next delivery of the record.
      await persistently(() => store.update(claimed, { status: 'queued', updated_at: now().toISOString() }));
      log.warn('Message not sent this time; SQS delivers it again', {
        ...logKeys,
        failure_code: delivery.reason,
        attempt,
      });
      throw delivery;
    }

    const sentAt = now().toISOString();
    await persistently(() =>
      store.update(claimed, {
        status: 'sent',
        provider_message_id: providerMessageId,
        sent_at: sentAt,
        updated_at: sentAt,
      }),
    );
    log.info('Message sent', { ...logKeys, provider_message_id: providerMessageId, attempt });
    return 'sent' satisfies SendOutcome;
  };
}
