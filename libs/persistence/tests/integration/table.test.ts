import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createKeyring, generateAesKey } from '@backend/crypto';
import { ConflictError } from '@backend/platform';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidCursorError,
  InvalidPageSizeError,
  Table,
  VersionConflictError,
  createDocumentClient,
  type Item,
} from '../../src/index.js';

let cloud: TestLocalCloud;
let client: DynamoDBDocumentClient;
const cursorKeyring = createKeyring('c1', { c1: generateAesKey() });

async function createTable(name: string, sortKey?: string): Promise<Table> {
  const raw = new DynamoDBClient(cloud.clientConfig);
  await raw.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        ...(sortKey ? [{ AttributeName: sortKey, AttributeType: 'N' as const }] : []),
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
      ],
    }),
  );
  raw.destroy();
  return new Table({
    client,
    tableName: name,
    partitionKey: 'pk',
    ...(sortKey ? { sortKey } : {}),
    cursorKeyring,
    maxPageSize: 50,
  });
}

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [] });
  client = createDocumentClient(cloud.clientConfig);
});

afterAll(async () => {
  client.destroy();
  await cloud.stop();
});

describe('conditional put and optimistic locking against the local cloud', () => {
  it('puts a new item once and answers ConflictError the second time, leaving the first intact', async () => {
    const table = await createTable('accounts');
    await expect(table.putNew({ pk: 'a1', email: 'first@example.test' })).resolves.toMatchObject({
      version: 1,
    });
    const error = await table.putNew({ pk: 'a1', email: 'second@example.test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409 });
    expect(await table.get({ pk: 'a1' })).toEqual({ pk: 'a1', email: 'first@example.test', version: 1 });
  });

  it('lets exactly one of two writers holding the same version win; the other gets VersionConflictError', async () => {
    const table = await createTable('licences');
    await table.putNew({ pk: 'l1', seats: 1 });
    const results = await Promise.allSettled([
      table.updateVersioned({ pk: 'l1' }, 1, { seats: 2, by: 'a' }),
      table.updateVersioned({ pk: 'l1' }, 1, { seats: 3, by: 'b' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
    const stored = await table.get({ pk: 'l1' }, { consistent: true });
    expect(stored).toEqual((won[0] as PromiseFulfilledResult<Item>).value);
    expect(stored?.['version']).toBe(2);
    await expect(table.updateVersioned({ pk: 'missing' }, 1, { seats: 1 })).rejects.toThrow(
      VersionConflictError,
    );
  });

  it('never loses an update: concurrent writers each add to a counter and every addition lands', async () => {
    const table = await createTable('counters');
    await table.putNew({ pk: 'c1', count: 0, writers: [] });
    const writers = 4;
    const perWriter = 8;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) {
          await table.modify(
            { pk: 'c1' },
            (current) => ({
              count: (current['count'] as number) + 1,
              writers: [...(current['writers'] as string[]), `${w}:${i}`],
            }),
            { maxAttempts: 100 },
          );
        }
      }),
    );
    const stored = await table.get({ pk: 'c1' }, { consistent: true });
    expect(stored?.['count']).toBe(writers * perWriter);
    expect(stored?.['version']).toBe(writers * perWriter + 1);
    expect((stored?.['writers'] as string[]).sort()).toEqual(
      Array.from({ length: writers }, (_, w) => Array.from({ length: perWriter }, (_, i) => `${w}:${i}`))
        .flat()
        .sort(),
    );
    expect(await table.modify({ pk: 'absent' }, () => ({ count: 1 }))).toBeUndefined();
  });
});

describe('conditional update (updateIf) against the local cloud', () => {
  it('creates or moves an item only while its condition holds, and leaves it as it was otherwise', async () => {
    const table = await createTable('uploads');
    const open = {
      expression: 'attribute_not_exists(#pk) OR #status = :open',
      names: { '#pk': 'pk', '#status': 'status' },
      values: { ':open': 'open' },
    };
    expect(await table.updateIf({ pk: 'u1' }, { status: 'open', step: 1 }, open)).toEqual({
      pk: 'u1',
      status: 'open',
      step: 1,
    });
    expect(await table.updateIf({ pk: 'u1' }, { status: 'done', step: 2 }, open)).toMatchObject({
      status: 'done',
    });
    expect(await table.updateIf({ pk: 'u1' }, { status: 'open', step: 3 }, open)).toBeUndefined();
    expect(await table.get({ pk: 'u1' }, { consistent: true })).toEqual({
      pk: 'u1',
      status: 'done',
      step: 2,
    });
    await expect(table.updateIf({ pk: 'u1' }, { pk: 'u2' }, open)).rejects.toThrow('pk is a key');
  });
});

describe('paginated query against the local cloud', () => {
  it('walks every item once with sealed cursors and refuses edited or transplanted ones', async () => {
    const table = await createTable('messages', 'sk');
    await table.batchWrite(
      Array.from({ length: 23 }, (_, i) => ({ put: { pk: 'user-1', sk: i, body: `m${i}` } })).concat([
        { put: { pk: 'user-2', sk: 0, body: 'other' } },
      ]),
    );
    const query = (user: string, cursor?: string) =>
      table.query({
        keyCondition: 'pk = :pk',
        values: { ':pk': user },
        limit: 10,
        ...(cursor === undefined ? {} : { cursor }),
      });
    const seen: number[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await query('user-1', cursor);
      seen.push(...page.items.map((i) => i['sk'] as number));
      cursor = page.cursor;
      if (cursor) cursors.push(cursor);
    } while (cursor !== undefined);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(cursors.length).toBeGreaterThanOrEqual(2);
    expect(cursors.join()).not.toContain('user-1');

    const first = cursors[0]!;
    const edited = `${first.slice(0, 20)}${first[20] === 'A' ? 'B' : 'A'}${first.slice(21)}`;
    await expect(query('user-1', edited)).rejects.toThrow(InvalidCursorError);
    // A cursor of user-1's listing does not page through user-2's.
    await expect(query('user-2', first)).rejects.toThrow(InvalidCursorError);
    await expect(query('user-1', 'eyJwayI6InVzZXItMSIsInNrIjo1fQ')).rejects.toThrow(InvalidCursorError);
    // A cursor bound to one caller opens for that caller only, and an unbound one for no bound caller.
    const bound = (binding: string, cursor?: string) =>
      table.query({
        keyCondition: 'pk = :pk',
        values: { ':pk': 'user-1' },
        limit: 10,
        cursorBinding: binding,
        ...(cursor === undefined ? {} : { cursor }),
      });
    const aliceCursor = (await bound('client:alice')).cursor!;
    expect((await bound('client:alice', aliceCursor)).items[0]?.['sk']).toBe(10);
    await expect(bound('client:bob', aliceCursor)).rejects.toThrow(InvalidCursorError);
    await expect(query('user-1', aliceCursor)).rejects.toThrow(InvalidCursorError);
    await expect(bound('client:alice', first)).rejects.toThrow(InvalidCursorError);
    await expect(
      table.query({ keyCondition: 'pk = :pk', values: { ':pk': 'user-1' }, limit: 51 }),
    ).rejects.toThrow(InvalidPageSizeError);
    await expect(
      table.query({ keyCondition: 'pk = :pk', values: { ':pk': 'user-1' }, limit: 0 }),
    ).rejects.toThrow(InvalidPageSizeError);
  });
});

describe('batch write and get against the local cloud', () => {
  it('writes and reads back hundreds of items across several requests, deletes them, and dedupes keys', async () => {
    const table = await createTable('events');
    const items = Array.from({ length: 260 }, (_, i) => ({ pk: `e${i}`, payload: 'x'.repeat(100), i }));
    await table.batchWrite(
      items.map((put) => ({ put })),
      { deadline: 20_000 },
    );
    const keys = items.map((i) => ({ pk: i.pk }));
    const read = await table.batchGet([...keys, ...keys.slice(0, 10), { pk: 'never-written' }], {
      deadline: 20_000,
    });
    expect(read.map((i) => i['pk']).sort()).toEqual(keys.map((k) => k.pk).sort());
    expect(read.find((i) => i['pk'] === 'e7')).toEqual(items[7]);

    await table.batchWrite(keys.slice(0, 130).map((key) => ({ delete: key })));
    const after = await table.batchGet(keys);
    expect(after.map((i) => i['pk']).sort()).toEqual(
      keys
        .slice(130)
        .map((k) => k.pk)
        .sort(),
    );
  });
});

describe('atomic counters against the local cloud', () => {
  it('counts concurrent increments without losing one and keeps the first expiry', async () => {
    const table = await createTable('rate-limit-counters');
    const totals = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        table.increment({ pk: 'ip#1' }, 'hits', { setOnCreate: { expiresAt: 1000 + i } }),
      ),
    );
    expect([...totals].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const item = await table.get({ pk: 'ip#1' }, { consistent: true });
    expect(item?.['hits']).toBe(20);
    expect(item?.['expiresAt']).toBeGreaterThanOrEqual(1000);
    expect(item?.['expiresAt']).toBeLessThan(1020);
    await expect(table.increment({ pk: 'ip#1' }, 'hits', { by: 5 })).resolves.toBe(25);
  });
});
