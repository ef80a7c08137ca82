import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import type { Keyring } from '@backend/crypto';
import { ConflictError, ValidationError } from '@backend/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { BATCH_GET_LIMIT, BATCH_WRITE_LIMIT, runBatches, type BatchOptions } from './batch.js';
import { cursorContext, openCursor, sealCursor, type PageKey } from './cursor.js';
import { InvalidPageSizeError, VersionConflictError } from './errors.js';

export type Item = Record<string, NativeAttributeValue>;
export type Key = Record<string, string | number>;
/** One request of a batch write, as DynamoDB's `WriteRequest`. */
export type WriteRequest = { put: Item } | { delete: Key };

export interface TableOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  partitionKey: string;
  sortKey?: string;
  /** The attribute optimistic locking counts in (default `version`). */
  versionAttribute?: string;
  /** Seals page cursors; without it `query` hands out no cursor. */
  cursorKeyring?: Keyring;
  /** Largest page a caller may ask for (default 100). */
  maxPageSize?: number;
}

export interface QueryInput {
  index?: string;
  /** e.g. `#pk = :pk AND begins_with(#sk, :prefix)`. */
  keyCondition: string;
  names?: Record<string, string>;
  values: Record<string, string | number>;
  /** Items per page, 1..maxPageSize; 25 by default. */
  limit?: number;
  /** From the previous page; undefined for the first. */
  cursor?: string;
  /** Ascending sort key by default. */
  descending?: boolean;
  /**
   * What else the cursor is bound to besides the query (e.g. the caller: `client:<sub>`): a cursor handed out with
   * one binding opens with that binding only.
   */
  cursorBinding?: string;
}

export interface Page {
  items: Item[];
  /** Opaque; undefined on the last page. */
  cursor?: string;
}

const DEFAULT_PAGE_SIZE = 25;

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';

/** One DynamoDB table: conditional writes, optimistic locking, sealed page cursors and complete batches. */
export class Table {
  private readonly client: DynamoDBDocumentClient;
  readonly name: string;
  private readonly keyNames: string[];
  private readonly version: string;
  private readonly options: TableOptions;

  constructor(options: TableOptions) {
    this.options = options;
    this.client = options.client;
    this.name = options.tableName;
    this.keyNames =
      options.sortKey === undefined ? [options.partitionKey] : [options.partitionKey, options.sortKey];
    this.version = options.versionAttribute ?? 'version';
  }

  /** The key attributes of an item. */
  keyOf(item: Item): Key {
    return Object.fromEntries(this.keyNames.map((name) => [name, item[name] as string | number]));
  }

  async get(key: Key, options: { consistent?: boolean } = {}): Promise<Item | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: options.consistent ?? false }),
    );
    return item;
  }

  /** Writes a new item with version 1; ConflictError when an item with its key exists. */
  async putNew(item: Item): Promise<Item> {
    const stored = { ...item, [this.version]: 1 };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.name,
          Item: stored,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': this.options.partitionKey },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError('an item with this key exists', { cause: error });
      throw error;
    }
    return stored;
  }

  /**
   * Sets `changes` on the item only if its version is still `expectedVersion`, and moves the version on by one.
   * VersionConflictError when it moved (another writer was first) or the item is gone. Returns the new item.
   */
  async updateVersioned(key: Key, expectedVersion: number, changes: Item): Promise<Item> {
    const names: Record<string, string> = { '#v': this.version };
    const values: Record<string, NativeAttributeValue> = { ':expected': expectedVersion, ':one': 1 };
    const sets = ['#v = #v + :one'];
    Object.entries(changes).forEach(([attribute, value], i) => {
      if (this.keyNames.includes(attribute) || attribute === this.version) {
        throw new ValidationError(`${attribute} is a key or the version and cannot be changed`, {
          field: attribute,
        });
      }
      names[`#a${i}`] = attribute;
      values[`:a${i}`] = value;
      sets.push(`#a${i} = :a${i}`);
    });
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.name,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as Item;
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflictError({ cause: error });
      throw error;
    }
  }

  /**
   * Sets `changes` on the item (creating it when absent) only if `condition` holds, e.g. a state machine's step
   * `attribute_not_exists(#pk) OR #status = :open`. Returns the item as written, or undefined when the condition
   * failed (the item is left as it was). `names` and `values` are the condition's placeholders.
   */
  async updateIf(
    key: Key,
    changes: Item,
    condition: { expression: string; names?: Record<string, string>; values?: Item },
  ): Promise<Item | undefined> {
    const names: Record<string, string> = { ...condition.names };
    const values: Record<string, NativeAttributeValue> = { ...condition.values };
    const sets = Object.entries(changes).map(([attribute, value], i) => {
      if (this.keyNames.includes(attribute)) {
        throw new ValidationError(`${attribute} is a key and cannot be changed`, { field: attribute });
      }
      names[`#u${i}`] = attribute;
      values[`:u${i}`] = value;
      return `#u${i} = :u${i}`;
    });
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.name,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as Item;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * Read, change, write with optimistic locking, again from a fresh read when another writer was first: every
   * writer's change lands, none overwrites another's. `change` must be a pure function of the item it is given.
   * Undefined when there is no such item. After `maxAttempts` conflicts, the VersionConflictError is thrown.
   */
  async modify(
    key: Key,
    change: (current: Item) => Item,
    options: { maxAttempts?: number } = {},
  ): Promise<Item | undefined> {
    const maxAttempts = options.maxAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(key, { consistent: true });
      if (current === undefined) return undefined;
      try {
        return await this.updateVersioned(key, current[this.version] as number, change(current));
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= maxAttempts) throw error;
        await sleep(Math.random() * 10 * attempt);
      }
    }
  }

  /**
   * Adds `by` (default 1) to the number `attribute` in one atomic update, counting from 0 when the item or the
   * attribute is new, and sets `setOnCreate` only where those attributes are absent (an expiry fixed by the first
   * writer). Concurrent callers each get a distinct total: a counter of requests, failures, uses. Returns the new
   * total. The version attribute is left alone: a counter needs no optimistic locking.
   */
  async increment(
    key: Key,
    attribute: string,
    options: { by?: number; setOnCreate?: Item } = {},
  ): Promise<number> {
    const names: Record<string, string> = { '#count': attribute };
    const values: Record<string, NativeAttributeValue> = { ':by': options.by ?? 1 };
    const sets = Object.entries(options.setOnCreate ?? {}).map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = if_not_exists(#s${i}, :s${i})`;
    });
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.name,
        Key: key,
        UpdateExpression: `ADD #count :by${sets.length > 0 ? ` SET ${sets.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Number((Attributes as Item)[attribute]);
  }

  /** One page of a query. InvalidPageSizeError, InvalidCursorError (forged, edited or from another query). */
  async query(input: QueryInput): Promise<Page> {
    const max = this.options.maxPageSize ?? 100;
    const limit = input.limit ?? Math.min(DEFAULT_PAGE_SIZE, max);
    if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new InvalidPageSizeError(max);
    const keyring = this.options.cursorKeyring;
    const context = cursorContext([
      this.name,
      input.index ?? '',
      input.keyCondition,
      input.names ?? {},
      input.values,
      input.descending === true,
      ...(input.cursorBinding === undefined ? [] : [input.cursorBinding]),
    ]);
    let startKey: PageKey | undefined;
    if (input.cursor !== undefined) {
      if (keyring === undefined)
        throw new ValidationError('this table hands out no cursors', { field: 'cursor' });
      startKey = openCursor(input.cursor, keyring, context);
    }
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.name,
        ...(input.index === undefined ? {} : { IndexName: input.index }),
        KeyConditionExpression: input.keyCondition,
        ...(input.names === undefined ? {} : { ExpressionAttributeNames: input.names }),
        ExpressionAttributeValues: input.values,
        Limit: limit,
        ScanIndexForward: input.descending !== true,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    const last = output.LastEvaluatedKey as PageKey | undefined;
    const items = (output.Items ?? []) as Item[];
    if (last === undefined || keyring === undefined) return { items };
    return { items, cursor: sealCursor(last, keyring, context) };
  }

  /**
   * Puts and deletes in chunks of 25, resending `UnprocessedItems` with jittered back-off until done, the
   * deadline or `maxAttempts`; then BatchIncompleteError lists every request not confirmed. Two requests for one
   * key are refused up front (DynamoDB would refuse the whole chunk).
   */
  async batchWrite(requests: readonly WriteRequest[], options: BatchOptions = {}): Promise<void> {
    this.refuseDuplicateKeys(requests.map((r) => ('put' in r ? this.keyOf(r.put) : r.delete)));
    const table = this.name;
    const byKey = new Map<string, WriteRequest>();
    await runBatches<WriteRequest, never>(
      requests,
      BATCH_WRITE_LIMIT,
      async (chunk, abortSignal) => {
        const output = await this.client.send(
          new BatchWriteCommand({
            RequestItems: {
              [table]: chunk.map((r) =>
                'put' in r ? { PutRequest: { Item: r.put } } : { DeleteRequest: { Key: r.delete } },
              ),
            },
          }),
          abortSignal ? { abortSignal } : {},
        );
        const unprocessed = output.UnprocessedItems?.[table] ?? [];
        if (unprocessed.length === 0) return { unprocessed: [], items: [] };
        // Unprocessed requests come back as DynamoDB's shapes; map them to the caller's objects by key.
        if (byKey.size === 0)
          for (const r of requests) byKey.set(this.keyId('put' in r ? this.keyOf(r.put) : r.delete), r);
        return {
          items: [],
          unprocessed: unprocessed.map((w) => {
            const request: WriteRequest = w.PutRequest
              ? { put: w.PutRequest.Item as Item }
              : { delete: w.DeleteRequest?.Key as Key };
            const key = 'put' in request ? this.keyOf(request.put) : request.delete;
            return byKey.get(this.keyId(key)) ?? request;
          }),
        };
      },
      options,
    );
  }

  /**
   * Reads items by key in chunks of 100 (duplicates asked once), resending `UnprocessedKeys` like batchWrite.
   * Missing items are simply absent from the result. BatchIncompleteError carries the items read and the keys not.
   */
  async batchGet(
    keys: readonly Key[],
    options: BatchOptions & { consistent?: boolean } = {},
  ): Promise<Item[]> {
    const unique = [...new Map(keys.map((k) => [this.keyId(k), k])).values()];
    const table = this.name;
    return runBatches<Key, Item>(
      unique,
      BATCH_GET_LIMIT,
      async (chunk, abortSignal) => {
        const output = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [table]: { Keys: chunk, ConsistentRead: options.consistent ?? false } },
          }),
          abortSignal ? { abortSignal } : {},
        );
        return {
          items: (output.Responses?.[table] ?? []) as Item[],
          unprocessed: (output.UnprocessedKeys?.[table]?.Keys ?? []) as Key[],
        };
      },
      options,
    );
  }

  private keyId(key: Key): string {
    return JSON.stringify(this.keyNames.map((name) => key[name]));
  }

  private refuseDuplicateKeys(keys: Key[]): void {
    const seen = new Set<string>();
    for (const key of keys) {
      const id = this.keyId(key);
      if (seen.has(id))
        throw new ValidationError('a batch holds two requests for one key', { code: 'DUPLICATE_KEYS' });
      seen.add(id);
    }
  }
}
