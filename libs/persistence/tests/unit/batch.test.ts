import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BATCH_GET_LIMIT,
  BATCH_WRITE_LIMIT,
  BatchIncompleteError,
  Table,
  splitIntoBatches,
  type WriteRequest,
} from '../../src/index.js';

type Sent = { RequestItems: Record<string, unknown> };

/** A document client whose BatchWrite/BatchGet answers are decided by `answer`; every call's input is kept. */
function fakeClient(answer: (input: Sent, call: number) => unknown) {
  const calls: Sent[] = [];
  const client = {
    send: async (command: { input: Sent }) => {
      calls.push(structuredClone(command.input));
      return answer(command.input, calls.length);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, calls };
}

const puts = (n: number): WriteRequest[] =>
  Array.from({ length: n }, (_, i) => ({ put: { id: `item-${i}`, n: i } }));
const ids = (requests: readonly WriteRequest[]) =>
  requests.map((r) => ('put' in r ? r.put['id'] : r.delete['id']) as string).sort();
const fast = { baseDelayMs: 1, maxDelayMs: 2 };

type PutShape = { PutRequest: { Item: { id: string } } };
const sentIds = (input: Sent) => (input.RequestItems['t'] as PutShape[]).map((w) => w.PutRequest.Item.id);

describe('splitIntoBatches', () => {
  it('keeps every item once, in order, in full chunks but the last', () => {
    fc.assert(
      fc.property(
        fc.array(fc.anything(), { maxLength: 400 }),
        fc.integer({ min: 1, max: 120 }),
        (items, size) => {
          const batches = splitIntoBatches(items, size);
          expect(batches.flat()).toEqual(items);
          batches.forEach((batch, i) => {
            expect(batch.length).toBeGreaterThan(0);
            if (i < batches.length - 1) expect(batch.length).toBe(size);
            else expect(batch.length).toBeLessThanOrEqual(size);
          });
          expect(batches.length).toBe(Math.ceil(items.length / size));
        },
      ),
    );
    expect(() => splitIntoBatches([1], 0)).toThrow(RangeError);
  });
});

describe('Table.batchWrite with an injected client', () => {
  it('splits into requests of 25 and resends UnprocessedItems until every item is written', async () => {
    const written = new Set<string>();
    const { client, calls } = fakeClient((input) => {
      const chunk = input.RequestItems['t'] as PutShape[];
      // DynamoDB under throttling: it takes the first half of each request and hands back the rest.
      const taken = chunk.slice(0, Math.ceil(chunk.length / 2));
      taken.forEach((w) => written.add(w.PutRequest.Item.id));
      const rest = chunk.slice(taken.length);
      return { UnprocessedItems: rest.length > 0 ? { t: rest } : {} };
    });
    const table = new Table({ client, tableName: 't', partitionKey: 'id' });
    await table.batchWrite(puts(110), { ...fast, concurrency: 2 });
    expect([...written].sort()).toEqual(ids(puts(110)));
    expect(calls.every((c) => (c.RequestItems['t'] as unknown[]).length <= BATCH_WRITE_LIMIT)).toBe(true);
    expect(calls.length).toBeGreaterThan(Math.ceil(110 / 25));
  });

  it('reports every item not written when DynamoDB keeps returning them, and none it wrote', async () => {
    const { client } = fakeClient((input) => {
      const chunk = input.RequestItems['t'] as PutShape[];
      return { UnprocessedItems: { t: chunk.filter((w) => w.PutRequest.Item.id.endsWith('7')) } };
    });
    const table = new Table({ client, tableName: 't', partitionKey: 'id' });
    const error = await table.batchWrite(puts(60), { ...fast, maxAttempts: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchIncompleteError);
    const incomplete = error as BatchIncompleteError<WriteRequest>;
    expect(incomplete.reason).toBe('retries-exhausted');
    expect(ids(incomplete.unprocessed)).toEqual(ids(puts(60)).filter((id) => id.endsWith('7')));
  });

  it('stops at the deadline and reports what was sent unconfirmed and what was never sent', async () => {
    const deadline = new AbortController();
    const { client, calls } = fakeClient((input, call) => {
      if (call === 2) deadline.abort();
      return {
        UnprocessedItems: call === 2 ? { t: (input.RequestItems['t'] as PutShape[]).slice(0, 5) } : {},
      };
    });
    const table = new Table({ client, tableName: 't', partitionKey: 'id' });
    const error = (await table
      .batchWrite(puts(100), { ...fast, concurrency: 1, deadline: deadline.signal })
      .catch((e: unknown) => e)) as BatchIncompleteError<WriteRequest>;
    expect(error.reason).toBe('deadline');
    expect(calls).toHaveLength(2);
    const written = calls.flatMap(sentIds).filter((id) => !ids(error.unprocessed).includes(id));
    expect([...written, ...ids(error.unprocessed)].sort()).toEqual(ids(puts(100)));
    expect(error.unprocessed).toHaveLength(100 - 45);
  });

  it('accounts for every item, whatever DynamoDB leaves unprocessed or fails, at any concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.oneof(fc.constant('fail' as const), fc.nat({ max: 25 })), {
          minLength: 1,
          maxLength: 30,
        }),
        async (count, concurrency, script) => {
          const written = new Set<string>();
          const { client } = fakeClient((input, call) => {
            const step = script[(call - 1) % script.length]!;
            if (step === 'fail') throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
            const chunk = input.RequestItems['t'] as PutShape[];
            chunk.slice(step).forEach((w) => written.add(w.PutRequest.Item.id));
            return { UnprocessedItems: { t: chunk.slice(0, step) } };
          });
          const table = new Table({ client, tableName: 't', partitionKey: 'id' });
          const outcome = await table
            .batchWrite(puts(count), { ...fast, concurrency, maxAttempts: 4 })
            .then(() => [] as WriteRequest[])
            .catch((e: unknown) => (e as BatchIncompleteError<WriteRequest>).unprocessed);
          // Written or reported, never both lost: the two sets cover every item and do not overlap.
          expect([...written, ...ids(outcome)].sort()).toEqual(ids(puts(count)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses two requests for one key before sending anything', async () => {
    const { client, calls } = fakeClient(() => ({}));
    const table = new Table({ client, tableName: 't', partitionKey: 'id' });
    await expect(table.batchWrite([{ put: { id: 'a' } }, { delete: { id: 'a' } }])).rejects.toMatchObject({
      name: 'ValidationError',
      code: 'DUPLICATE_KEYS',
    });
    expect(calls).toHaveLength(0);
  });
});

describe('Table.batchGet with an injected client', () => {
  it('asks each key once in requests of 100 and resends UnprocessedKeys', async () => {
    const { client, calls } = fakeClient((input, call) => {
      const { Keys } = input.RequestItems['t'] as { Keys: { id: string }[] };
      const [first, ...rest] = Keys;
      // The first request gets one item back and the rest unprocessed; later ones are answered in full.
      return call === 1
        ? { Responses: { t: [{ ...first, found: true }] }, UnprocessedKeys: { t: { Keys: rest } } }
        : { Responses: { t: Keys.map((k) => ({ ...k, found: true })) } };
    });
    const table = new Table({ client, tableName: 't', partitionKey: 'id' });
    const keys = Array.from({ length: 250 }, (_, i) => ({ id: `k${i % 230}` }));
    const items = await table.batchGet(keys, { ...fast, concurrency: 1 });
    expect(items.map((i) => i['id']).sort()).toEqual([...new Set(keys.map((k) => k.id))].sort());
    const sizes = calls.map((c) => (c.RequestItems['t'] as { Keys: unknown[] }).Keys.length);
    expect(sizes.every((n) => n <= BATCH_GET_LIMIT)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(230 + 99);
  });

  it('returns what it read and the keys it did not when a request fails', async () => {
    const { client } = fakeClient((input, call) => {
      if (call === 2) throw new Error('connection reset');
      const { Keys } = input.RequestItems['t'] as { Keys: { id: string }[] };
      return { Responses: { t: Keys } };
    });
    const table = new Table({ client, tableName: 't', partitionKey: 'id' });
    const keys = Array.from({ length: 150 }, (_, i) => ({ id: `k${i}` }));
    const error = (await table
      .batchGet(keys, { ...fast, concurrency: 1 })
      .catch((e: unknown) => e)) as BatchIncompleteError<{ id: string }, { id: string }>;
    expect(error.reason).toBe('request-failed');
    expect((error.cause as Error).message).toBe('connection reset');
    expect(error.items).toHaveLength(100);
    expect(error.unprocessed).toHaveLength(50);
  });
});
