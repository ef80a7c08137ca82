import { randomUUID } from 'node:crypto';
import { request, type Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { sendJsonError } from '../edge/aws-errors.js';
import { readBody } from '../edge/body.js';
import { applyFault, type FaultController } from '../edge/faults.js';
import { proxyTo } from '../edge/proxy.js';

/**
 * DynamoDB in front of dynalite: what dynalite lacks, emulated as DynamoDB behaves, everything else proxied.
 *
 * - `TransactWriteItems` / `TransactGetItems`: all or nothing, condition checks, `CancellationReasons` in
 *   request order, `ClientRequestToken` idempotency for 10 minutes, AWS's limits (100 items, one operation per
 *   item, 4 MB). A transaction holds an exclusive lock while it runs and every other request a shared one, so
 *   nothing interleaves with it (serializable, as DynamoDB promises between transactions and single-item
 *   writes). The writes are made one by one against dynalite with their own conditions; if any condition
 *   fails, every item is put back as it was before the transaction, under the same lock.
 * - `UpdateTimeToLive` / `DescribeTimeToLive`: the setting is kept (dynalite refuses both). Items do not expire
 *   locally; DynamoDB too deletes expired items only eventually, so code must check expiry on read anyway.
 */

const TARGET_PREFIX = 'DynamoDB_20120810.';
const ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';
const MAX_TRANSACTION_ITEMS = 100;
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
// JSON framing of a 4 MB transaction; the item-size limit is checked on the payload, not on this.
const MAX_BODY = 16 * 1024 * 1024;
const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;
type Json = Record<string, unknown>;

/** An error DynamoDB returns to the caller: `__type` (with DynamoDB's prefix) and a message. */
export class DynamoDbError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
    this.name = 'DynamoDbError';
  }
}

const validation = (message: string) => new DynamoDbError('ValidationException', message);

/** Many readers (plain requests) or one writer (a transaction) at a time; waiting writers go first. */
class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private readonly waitingWriters: (() => void)[] = [];
  private readonly waitingReaders: (() => void)[] = [];

  async read<T>(work: () => Promise<T>): Promise<T> {
    if (this.writing || this.waitingWriters.length > 0) {
      await new Promise<void>((resolve) => this.waitingReaders.push(resolve));
    } else this.readers += 1;
    try {
      return await work();
    } finally {
      this.readers -= 1;
      this.next();
    }
  }

  async write<T>(work: () => Promise<T>): Promise<T> {
    if (this.writing || this.readers > 0) {
      await new Promise<void>((resolve) => this.waitingWriters.push(resolve));
    } else this.writing = true;
    try {
      return await work();
    } finally {
      this.writing = false;
      this.next();
    }
  }

  private next(): void {
    if (this.writing || this.readers > 0) return;
    const writer = this.waitingWriters.shift();
    if (writer !== undefined) {
      this.writing = true;
      writer();
      return;
    }
    const readers = this.waitingReaders.splice(0);
    this.readers += readers.length;
    for (const reader of readers) reader();
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(value: unknown, field: string): Json {
  if (!isObject(value)) throw validation(`${field} is required and must be a structure`);
  return value;
}

function requireTableName(operation: Json, field: string): string {
  const name = operation.TableName;
  if (typeof name !== 'string' || !/^[a-zA-Z0-9_.-]{3,255}$/.test(name)) {
    throw validation(`${field}.TableName must be a table name of 3-255 characters [a-zA-Z0-9_.-]`);
  }
  return name;
}

/** The expression fields an item operation passes on to the single-item call. */
const EXPRESSION_FIELDS = [
  'ConditionExpression',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
] as const;

function pick(source: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const field of fields) if (source[field] !== undefined) out[field] = source[field];
  return out;
}

type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
const WRITE_KINDS: readonly WriteKind[] = ['Put', 'Update', 'Delete', 'ConditionCheck'];

interface WriteAction {
  readonly kind: WriteKind;
  readonly table: string;
  readonly operation: Json;
  key: Item;
}

/** One `TransactItems` member: exactly one of Put, Update, Delete, ConditionCheck. */
function writeActionOf(member: unknown, index: number): WriteAction {
  const field = `transactItems.${index + 1}.member`;
  const entry = requireObject(member, field);
  const kinds = WRITE_KINDS.filter((kind) => entry[kind] !== undefined);
  if (kinds.length !== 1 || Object.keys(entry).length !== 1) {
    throw validation(
      `${field} must have exactly one of Put, Update, Delete, ConditionCheck (found ${Object.keys(entry).join(', ') || 'none'})`,
    );
  }
  const kind = kinds[0]!;
  const operation = requireObject(entry[kind], `${field}.${kind}`);
  const table = requireTableName(operation, `${field}.${kind}`);
  if (kind === 'Put') requireObject(operation.Item, `${field}.Put.Item`);
  else requireObject(operation.Key, `${field}.${kind}.Key`);
  if (kind === 'Update' && typeof operation.UpdateExpression !== 'string') {
    throw validation(`${field}.Update.UpdateExpression is required`);
  }
  if (kind === 'ConditionCheck' && typeof operation.ConditionExpression !== 'string') {
    throw validation(`${field}.ConditionCheck.ConditionExpression is required`);
  }
  const returnValues = operation.ReturnValuesOnConditionCheckFailure;
  if (returnValues !== undefined && returnValues !== 'ALL_OLD' && returnValues !== 'NONE') {
    throw validation(`${field}.${kind}.ReturnValuesOnConditionCheckFailure must be ALL_OLD or NONE`);
  }
  return { kind, table, operation, key: (operation.Key as Item | undefined) ?? {} };
}

function requireItemList(input: Json): unknown[] {
  const items = input.TransactItems;
  if (!Array.isArray(items) || items.length === 0) {
    throw validation('TransactItems is required and must contain at least one item');
  }
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw validation(
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSACTION_ITEMS}`,
    );
  }
  return items;
}

/** Talks to dynalite with the caller's (unchecked) SigV4 headers, one JSON 1.0 operation at a time. */
class Dynalite {
  constructor(
    private readonly port: number,
    private readonly agent: Agent,
    private readonly auth: Readonly<Record<string, string>>,
  ) {}

  call(operation: string, input: Json): Promise<Json> {
    const body = Buffer.from(JSON.stringify(input));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers: {
            ...this.auth,
            'content-type': 'application/x-amz-json-1.0',
            'content-length': body.length,
            'x-amz-target': `${TARGET_PREFIX}${operation}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            try {
              const text = Buffer.concat(chunks).toString('utf8');
              const output = (text === '' ? {} : JSON.parse(text)) as Json;
              if ((res.statusCode ?? 500) >= 400) {
                const type = String(output.__type ?? 'InternalServerError')
                  .split('#')
                  .pop()!;
                reject(new DynamoDbError(type, String(output.message ?? output.Message ?? type)));
              } else resolve(output);
            } catch (error) {
              reject(error as Error);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async keyAttributes(table: string): Promise<string[]> {
    const { Table } = (await this.call('DescribeTable', { TableName: table })) as {
      Table: { KeySchema: { AttributeName: string }[] };
    };
    return Table.KeySchema.map((k) => k.AttributeName);
  }

  async getItem(table: string, key: Item): Promise<Item | undefined> {
    const { Item } = await this.call('GetItem', { TableName: table, Key: key, ConsistentRead: true });
    return Item as Item | undefined;
  }
}

/** The key of an item, in key-schema order, to spot two operations on one item. */
function keyOf(table: string, attributes: readonly string[], source: Item, field: string): Item {
  const key: Item = {};
  for (const name of attributes) {
    const value = source[name];
    if (!isObject(value)) {
      throw validation(`One or more parameter values were invalid: Missing the key ${name} in ${field}`);
    }
    key[name] = value;
  }
  return key;
}

interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Item;
}

export interface DynamoDbFrontOptions {
  readonly dynamodbPort: number;
  readonly agent: Agent;
  /** The current time; tests move it to expire idempotency tokens. */
  readonly now?: () => number;
  /** Fault rules for `dynamodb:*` targets (`/_local-cloud/faults`). */
  readonly faults?: FaultController;
}

/** Serves DynamoDB requests at the edge: the operations above here, the rest proxied to dynalite. */
export function createDynamoDbFront(options: DynamoDbFrontOptions) {
  const lock = new ReadWriteLock();
  const now = options.now ?? Date.now;
  const tokens = new Map<string, { fingerprint: string; expires: number }>();
  const timeToLive = new Map<string, { attribute: string; enabled: boolean }>();

  function authOf(req: IncomingMessage): Record<string, string> {
    const auth: Record<string, string> = {};
    for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token']) {
      const value = req.headers[name];
      if (typeof value === 'string') auth[name] = value;
    }
    return auth;
  }

  async function transactWrite(dynalite: Dynalite, input: Json, size: number): Promise<Json> {
    const actions = requireItemList(input).map(writeActionOf);
    if (size > MAX_TRANSACTION_BYTES) throw validation('Transaction request size exceeds 4 MB');
    const token = input.ClientRequestToken;
    if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > 36)) {
      throw validation('ClientRequestToken must be a string of 1 to 36 characters');
    }
    const fingerprint = JSON.stringify(input.TransactItems);
    if (typeof token === 'string') {
      for (const [t, entry] of tokens) if (entry.expires <= now()) tokens.delete(t);
      const seen = tokens.get(token);
      if (seen !== undefined) {
        if (seen.fingerprint !== fingerprint) {
          throw new DynamoDbError(
            'IdempotentParameterMismatchException',
            'The request uses the same client token as a previous, but non-identical request.',
          );
        }
        return {};
      }
    }

    return lock.write(async () => {
      const schemas = new Map<string, string[]>();
      for (const action of actions) {
        if (!schemas.has(action.table)) schemas.set(action.table, await dynalite.keyAttributes(action.table));
      }
      const seen = new Set<string>();
      actions.forEach((action, index) => {
        const attributes = schemas.get(action.table)!;
        const source = action.kind === 'Put' ? (action.operation.Item as Item) : action.key;
        action.key = keyOf(action.table, attributes, source, `transactItems.${index + 1}`);
        const id = JSON.stringify([action.table, action.key]);
        if (seen.has(id))
          throw validation('Transaction request cannot include multiple operations on one item');
        seen.add(id);
      });

      const before = await Promise.all(actions.map((a) => dynalite.getItem(a.table, a.key)));
      const reasons: CancellationReason[] = [];
      try {
        for (const [index, action] of actions.entries()) {
          reasons.push(await apply(dynalite, action, before[index]));
        }
      } catch (error) {
        await restore(dynalite, actions, before);
        throw error;
      }
      if (reasons.some((reason) => reason.Code !== 'None')) {
        await restore(dynalite, actions, before);
        throw new DynamoDbError(
          'TransactionCanceledException',
          `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
          { CancellationReasons: reasons },
        );
      }
      if (typeof token === 'string')
        tokens.set(token, { fingerprint, expires: now() + IDEMPOTENCY_WINDOW_MS });
      return {};
    });
  }

  /** Makes one write with its condition; a failed condition is a reason, not an error. */
  async function apply(
    dynalite: Dynalite,
    action: WriteAction,
    before: Item | undefined,
  ): Promise<CancellationReason> {
    const { kind, table, operation, key } = action;
    const expressions = pick(operation, EXPRESSION_FIELDS);
    try {
      if (kind === 'Put') {
        await dynalite.call('PutItem', { TableName: table, Item: operation.Item, ...expressions });
      } else if (kind === 'Update') {
        await dynalite.call('UpdateItem', {
          TableName: table,
          Key: key,
          UpdateExpression: operation.UpdateExpression,
          ...expressions,
        });
      } else if (kind === 'Delete') {
        await dynalite.call('DeleteItem', { TableName: table, Key: key, ...expressions });
      } else {
        // dynalite has no condition-only call: rewrite the item as it is, under the condition, and undo at once
        // what that created when the item did not exist.
        await dynalite.call('PutItem', { TableName: table, Item: before ?? key, ...expressions });
        if (before === undefined) await dynalite.call('DeleteItem', { TableName: table, Key: key });
      }
      return { Code: 'None' };
    } catch (error) {
      if (error instanceof DynamoDbError && error.type === 'ConditionalCheckFailedException') {
        const reason: CancellationReason = {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
        };
        if (operation.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && before !== undefined)
          reason.Item = before;
        return reason;
      }
      throw error;
    }
  }

  async function restore(
    dynalite: Dynalite,
    actions: readonly WriteAction[],
    before: readonly (Item | undefined)[],
  ) {
    for (const [index, action] of actions.entries()) {
      const item = before[index];
      if (action.kind === 'ConditionCheck') continue;
      if (item === undefined) await dynalite.call('DeleteItem', { TableName: action.table, Key: action.key });
      else await dynalite.call('PutItem', { TableName: action.table, Item: item });
    }
  }

  async function transactGet(dynalite: Dynalite, input: Json): Promise<Json> {
    const gets = requireItemList(input).map((member, index) => {
      const field = `transactItems.${index + 1}.member`;
      const entry = requireObject(member, field);
      if (Object.keys(entry).length !== 1) throw validation(`${field} must have exactly one Get`);
      const get = requireObject(entry.Get, `${field}.Get`);
      return {
        get,
        table: requireTableName(get, `${field}.Get`),
        key: requireObject(get.Key, `${field}.Get.Key`),
      };
    });
    const ids = gets.map((g) => JSON.stringify([g.table, g.key]));
    if (new Set(ids).size !== ids.length) {
      throw validation('Transaction request cannot include multiple operations on one item');
    }
    return lock.write(async () => {
      const responses = await Promise.all(
        gets.map(({ get, table, key }) =>
          dynalite.call('GetItem', {
            TableName: table,
            Key: key,
            ConsistentRead: true,
            ...pick(get, ['ProjectionExpression', 'ExpressionAttributeNames']),
          }),
        ),
      );
      return { Responses: responses.map(({ Item }) => (Item === undefined ? {} : { Item })) };
    });
  }

  async function updateTimeToLive(dynalite: Dynalite, input: Json): Promise<Json> {
    const table = requireTableName(input, 'input');
    const spec = requireObject(input.TimeToLiveSpecification, 'TimeToLiveSpecification');
    if (
      typeof spec.Enabled !== 'boolean' ||
      typeof spec.AttributeName !== 'string' ||
      spec.AttributeName === ''
    ) {
      throw validation('TimeToLiveSpecification needs Enabled (boolean) and AttributeName');
    }
    await dynalite.keyAttributes(table); // ResourceNotFoundException for an unknown table
    const current = timeToLive.get(table);
    if (current?.enabled === spec.Enabled) {
      throw validation(`TimeToLive is already ${spec.Enabled ? 'enabled' : 'disabled'}`);
    }
    if (!spec.Enabled && current !== undefined && current.attribute !== spec.AttributeName) {
      throw validation('TimeToLive is enabled on a different attribute');
    }
    timeToLive.set(table, { attribute: spec.AttributeName, enabled: spec.Enabled });
    return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
  }

  async function describeTimeToLive(dynalite: Dynalite, input: Json): Promise<Json> {
    const table = requireTableName(input, 'input');
    await dynalite.keyAttributes(table);
    const current = timeToLive.get(table);
    return {
      TimeToLiveDescription: current?.enabled
        ? { TimeToLiveStatus: 'ENABLED', AttributeName: current.attribute }
        : { TimeToLiveStatus: 'DISABLED' },
    };
  }

  /**
   * BatchWriteItem with part of the batch left unprocessed, as DynamoDB does under throttling: the first items
   * (in request order) are written, the last `share` of them (at least one) come back in `UnprocessedItems`, in
   * the request's own shape, for the caller to retry.
   */
  async function batchWritePartly(dynalite: Dynalite, input: Json, share: number): Promise<Json> {
    const requestItems = requireObject(input.RequestItems, 'RequestItems');
    const entries = Object.entries(requestItems).flatMap(([table, writes]) => {
      if (!Array.isArray(writes)) throw validation(`RequestItems.${table} must be a list of write requests`);
      return writes.map((write: unknown) => ({ table, write }));
    });
    const unprocessedCount = Math.min(entries.length, Math.max(1, Math.ceil(entries.length * share)));
    const group = (list: typeof entries) => {
      const grouped: Record<string, unknown[]> = {};
      for (const { table, write } of list) (grouped[table] ??= []).push(write);
      return grouped;
    };
    const written = entries.slice(0, entries.length - unprocessedCount);
    const unprocessed = group(entries.slice(entries.length - unprocessedCount));
    if (written.length > 0) {
      const output = await dynalite.call('BatchWriteItem', { ...input, RequestItems: group(written) });
      for (const [table, writes] of Object.entries(
        (output.UnprocessedItems ?? {}) as Record<string, unknown[]>,
      )) {
        (unprocessed[table] ??= []).push(...writes);
      }
    }
    return { UnprocessedItems: unprocessed };
  }

  /**
   * BatchGetItem with part of the keys left unprocessed, as DynamoDB does under throttling: the first keys (in
   * request order, across tables) are read, the last `share` of them (at least one) come back in `UnprocessedKeys`
   * with their table's request settings (ConsistentRead, ProjectionExpression, ...), for the caller to retry. When no
   * key at all would be read, DynamoDB answers ProvisionedThroughputExceededException instead, and so does this.
   */
  async function batchGetPartly(dynalite: Dynalite, input: Json, share: number): Promise<Json> {
    const requestItems = requireObject(input.RequestItems, 'RequestItems');
    const entries = Object.entries(requestItems).flatMap(([table, request]) => {
      const keys = isObject(request) ? request.Keys : undefined;
      if (!Array.isArray(keys)) throw validation(`RequestItems.${table} must have a list of Keys`);
      return keys.map((key: unknown) => ({ table, key }));
    });
    const unprocessedCount = Math.min(entries.length, Math.max(1, Math.ceil(entries.length * share)));
    if (unprocessedCount >= entries.length) {
      throw new DynamoDbError(
        'ProvisionedThroughputExceededException',
        'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
      );
    }
    const group = (list: typeof entries) => {
      const grouped: Record<string, Json> = {};
      for (const { table, key } of list) {
        const entry = (grouped[table] ??= { ...(requestItems[table] as Json), Keys: [] });
        (entry.Keys as unknown[]).push(key);
      }
      return grouped;
    };
    const read = entries.slice(0, entries.length - unprocessedCount);
    const unprocessed = group(entries.slice(entries.length - unprocessedCount));
    const output = await dynalite.call('BatchGetItem', { ...input, RequestItems: group(read) });
    for (const [table, request] of Object.entries((output.UnprocessedKeys ?? {}) as Record<string, Json>)) {
      const entry = (unprocessed[table] ??= { ...request, Keys: [] });
      (entry.Keys as unknown[]).push(...((request.Keys as unknown[]) ?? []));
    }
    return { Responses: output.Responses ?? {}, UnprocessedKeys: unprocessed };
  }

  const operations: Record<string, (dynalite: Dynalite, input: Json, size: number) => Promise<Json>> = {
    TransactWriteItems: transactWrite,
    TransactGetItems: (dynalite, input) => transactGet(dynalite, input),
    UpdateTimeToLive: (dynalite, input) => updateTimeToLive(dynalite, input),
    DescribeTimeToLive: (dynalite, input) => describeTimeToLive(dynalite, input),
  };

  async function serveOwn(
    req: IncomingMessage,
    res: ServerResponse,
    operation: (dynalite: Dynalite, input: Json, size: number) => Promise<Json>,
  ): Promise<void> {
    const contentType = 'application/x-amz-json-1.0';
    try {
      const raw = await readBody(req, MAX_BODY);
      let input: unknown;
      try {
        input = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
      } catch {
        throw new DynamoDbError('SerializationException', 'The request body is not valid JSON');
      }
      if (!isObject(input))
        throw new DynamoDbError('SerializationException', 'The request body must be a JSON object');
      const dynalite = new Dynalite(options.dynamodbPort, options.agent, authOf(req));
      const output = JSON.stringify(await operation(dynalite, input, raw.length));
      res.writeHead(200, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(output),
        'x-amzn-requestid': randomUUID(),
      });
      res.end(output);
    } catch (error) {
      if (!(error instanceof DynamoDbError)) throw error;
      if (Object.keys(error.extra).length === 0) {
        sendJsonError(res, 400, `${ERROR_PREFIX}${error.type}`, error.message, contentType);
        return;
      }
      const body = JSON.stringify({
        __type: `${ERROR_PREFIX}${error.type}`,
        Message: error.message,
        ...error.extra,
      });
      res.writeHead(400, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        'x-amzn-requestid': randomUUID(),
      });
      res.end(body);
    }
  }

  return async function serveDynamoDb(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const effect = options.faults?.draw('dynamodb', name);
    if (effect?.type === 'unprocessedItems') {
      const share = effect.share;
      return lock.read(() =>
        serveOwn(req, res, (dynalite, input) => batchWritePartly(dynalite, input, share)),
      );
    }
    if (effect?.type === 'unprocessedKeys') {
      const share = effect.share;
      return lock.read(() => serveOwn(req, res, (dynalite, input) => batchGetPartly(dynalite, input, share)));
    }
    if (effect !== undefined) {
      const answered = await applyFault(req, res, 'dynamodb', effect, (status, code, message) =>
        sendJsonError(res, status, `${ERROR_PREFIX}${code}`, message, 'application/x-amz-json-1.0'),
      );
      if (answered) return;
    }
    if (req.method === 'POST' && Object.hasOwn(operations, name)) {
      return serveOwn(req, res, operations[name]!);
    }
    return lock.read(() => proxyTo(options.agent, options.dynamodbPort, req, res));
  };
}
