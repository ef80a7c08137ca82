import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MessageChannel, MessageStatus, MessageView } from '@backend/contracts';
import { open, seal, sealedKeyId } from '@backend/crypto';
import { InvalidCursorError, Table, type Item } from '@backend/persistence';
import { ValidationError } from '@backend/platform';
import { v7 as uuidv7 } from 'uuid';
import { MessageNotFoundError } from './errors.js';
import type { MessageKeyrings } from './keyring.js';

/** One item of the `messages` table. */
export interface MessageRecord {
  /** The recipient's mailbox: the partition key. */
  readonly msg_id: string;
  /** The sort key: `<ISO 8601 of the id's time>#<message_id>`, sortable and collision-free. */
  readonly ts: string;
  /** A UUIDv7 (its first 48 bits are the creation time in ms), the message's public id. */
  readonly message_id: string;
  readonly channel: MessageChannel;
  readonly status: MessageStatus;
  readonly store_secure: boolean;
  /** Plain content, for messages not stored secure. */
  readonly subject?: string;
  readonly msg?: string;
  /** `seal`ed `{ subject, msg }` for `store_secure` messages, and the id of the key it was sealed with. */
  readonly sealed?: Uint8Array;
  readonly key_id?: string;
  /** The public id of the API key that sent it. */
  readonly api_key_id: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly attempts: number;
  /** While `sending`: until when (epoch ms) the claiming invocation may still be at work. */
  readonly claimed_until?: number;
  readonly sent_at?: string;
  readonly provider_message_id?: string;
  readonly failure_reason?: string;
  readonly version: number;
}

export interface MessageContent {
  readonly subject: string;
  readonly msg: string;
}

export interface NewMessage extends MessageContent {
  readonly mailbox: string;
  readonly channel: MessageChannel;
  readonly storeSecure: boolean;
  readonly apiKeyId: string;
  /** The id a retried request (same Idempotency-Key) reuses; a new UUIDv7 otherwise. */
  readonly messageId?: string;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A new UUIDv7 (the `uuid` package): ids sort by creation time and never collide. */
export const newMessageId = (): string => uuidv7();

/** The sort key of a message id: its embedded time in ISO 8601, then the id. */
export function sortKeyOf(messageId: string): string {
  if (!UUID_V7.test(messageId)) {
    throw new ValidationError('message_id must be a UUIDv7 such as the one POST /msg answered', {
      field: 'message_id',
    });
  }
  const ms = Number.parseInt(messageId.slice(0, 8) + messageId.slice(9, 13), 16);
  return `${new Date(ms).toISOString()}#${messageId}`;
}

/** What a sealed content belongs to: a sealed value copied to another message does not open. */
const contentAad = (mailbox: string, messageId: string) => `messages/v1|${mailbox}|${messageId}`;

/** The `messages` table: create, read, page a mailbox newest first, move a message through its statuses. */
export class MessageStore {
  private readonly table: Table;
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(
    options: { client: DynamoDBDocumentClient; tableName: string },
    private readonly keyrings: MessageKeyrings,
  ) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.table = new Table({
      client: options.client,
      tableName: options.tableName,
      partitionKey: 'msg_id',
      sortKey: 'ts',
      cursorKeyring: keyrings.cursor,
      maxPageSize: 100,
    });
  }

  /** The record of a new message, status `queued`; sealed when `storeSecure`. Not yet written. */
  newRecord(message: NewMessage, now: Date): MessageRecord {
    const messageId = message.messageId ?? newMessageId();
    const at = now.toISOString();
    const base = {
      msg_id: message.mailbox,
      ts: sortKeyOf(messageId),
      message_id: messageId,
      channel: message.channel,
      status: 'queued' as const,
      store_secure: message.storeSecure,
      api_key_id: message.apiKeyId,
      created_at: at,
      updated_at: at,
      attempts: 0,
      version: 1,
    };
    if (!message.storeSecure) return { ...base, subject: message.subject, msg: message.msg };
    const sealed = seal(Buffer.from(JSON.stringify({ subject: message.subject, msg: message.msg }), 'utf8'), {
      keyring: this.keyrings.content,
      aad: contentAad(message.mailbox, messageId),
    });
    return { ...base, sealed, key_id: sealedKeyId(sealed) };
  }

  /** Writes a new message; `ConflictError` when one with its key exists (a retried request). */
  async put(record: MessageRecord): Promise<void> {
    const { version: _version, ...item } = record;
    await this.table.putNew(item as unknown as Item);
  }

  /**
   * Removes a message that was stored but never accepted (its queueing failed and the caller was answered 503
   * without an Idempotency-Key to resume it), only while it is still `queued`: a retry stores a new one.
   */
  async discardUnqueued(record: MessageRecord): Promise<void> {
    await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { msg_id: record.msg_id, ts: record.ts },
        ConditionExpression: '#s = :queued',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':queued': 'queued' },
      }),
    );
  }

  /** One message, read consistently; `MessageNotFoundError` when the mailbox has no such message. */
  async get(mailbox: string, messageId: string): Promise<MessageRecord> {
    const item = await this.table.get({ msg_id: mailbox, ts: sortKeyOf(messageId) }, { consistent: true });
    if (item === undefined) throw new MessageNotFoundError();
    return item as MessageRecord;
  }

  /** One page of a mailbox, newest first. A cursor of another mailbox or query is refused (400, field `next`). */
  async page(
    mailbox: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ records: MessageRecord[]; next?: string }> {
    try {
      const page = await this.table.query({
        keyCondition: 'msg_id = :m',
        values: { ':m': mailbox },
        limit,
        descending: true,
        ...(cursor === undefined ? {} : { cursor }),
      });
      return {
        records: page.items as MessageRecord[],
        ...(page.cursor === undefined ? {} : { next: page.cursor }),
      };
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new ValidationError('next is not a cursor of this mailbox; start again without it', {
          code: 'INVALID_CURSOR',
          field: 'next',
          cause: error,
        });
      }
      throw error;
    }
  }

  /** The subject and text of a message, opened with the keyring when it was stored secure. */
  contentOf(record: MessageRecord): MessageContent {
    if (!record.store_secure) return { subject: record.subject ?? '', msg: record.msg ?? '' };
    const opened = open(record.sealed as Uint8Array, {
      keyring: this.keyrings.content,
      aad: contentAad(record.msg_id, record.message_id),
    });
    return JSON.parse(opened.toString('utf8')) as MessageContent;
  }

  /**
   * Moves a message on (optimistic locking on its version): `VersionConflictError` when another writer moved it
   * first. Returns the record as stored.
   */
  async update(record: MessageRecord, changes: Partial<MessageRecord>): Promise<MessageRecord> {
    return (await this.table.updateVersioned(
      { msg_id: record.msg_id, ts: record.ts },
      record.version,
      changes as Item,
    )) as MessageRecord;
  }

  /** The API's view of a message; content only when `withContent` (never for a secure message in a list). */
  view(record: MessageRecord, withContent: boolean): MessageView {
    const optional = {
      ...(record.sent_at === undefined ? {} : { sent_at: record.sent_at }),
      ...(record.provider_message_id === undefined
        ? {}
        : { provider_message_id: record.provider_message_id }),
      ...(record.failure_reason === undefined ? {} : { failure_reason: record.failure_reason }),
    };
    return {
      message_id: record.message_id,
      msg_id: record.msg_id,
      channel: record.channel,
      status: record.status,
      store_secure: record.store_secure,
      created_at: record.created_at,
      updated_at: record.updated_at,
      ...optional,
      ...(withContent ? this.contentOf(record) : {}),
    };
  }
}
