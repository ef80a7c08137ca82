import {
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  IdempotentParameterMismatchException,
  ResourceNotFoundException,
  TransactionCanceledException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

// DynamoDB's transactions and TTL settings, which dynalite lacks, through the edge with the real SDK clients.
let cloud: TestCloud;
let ddb: DynamoDBClient;
let doc: DynamoDBDocumentClient;
const Accounts = 'local-tx-accounts';
const Events = 'local-tx-events';

beforeAll(async () => {
  cloud = await startTestCloud([
    {
      service: 'tx-test',
      tables: [
        { name: Accounts, partitionKey: { name: 'id', type: 'S' } },
        {
          name: Events,
          partitionKey: { name: 'stream', type: 'S' },
          sortKey: { name: 'seq', type: 'N' },
          ttlAttribute: 'expires',
        },
      ],
    },
  ]);
  ddb = new DynamoDBClient({ ...cloud.clientConfig, maxAttempts: 1 });
  doc = DynamoDBDocumentClient.from(ddb);
});

afterAll(async () => {
  ddb.destroy();
  await cloud.stop();
});

const balance = async (id: string) =>
  (await doc.send(new GetCommand({ TableName: Accounts, Key: { id }, ConsistentRead: true }))).Item
    ?.balance as number | undefined;

/** Moves `amount` from one account to another, only if the source holds enough. */
const transfer = (from: string, to: string, amount: number, token?: string) =>
  new TransactWriteCommand({
    ClientRequestToken: token,
    TransactItems: [
      {
        Update: {
          TableName: Accounts,
          Key: { id: from },
          UpdateExpression: 'SET balance = balance - :a',
          ConditionExpression: 'balance >= :a',
          ExpressionAttributeValues: { ':a': amount },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Update: {
          TableName: Accounts,
          Key: { id: to },
          UpdateExpression: 'SET balance = balance + :a',
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeValues: { ':a': amount },
        },
      },
    ],
  });

async function cancellation(promise: Promise<unknown>): Promise<TransactionCanceledException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransactionCanceledException);
  return error as TransactionCanceledException;
}

describe('TransactWriteItems', () => {
  beforeEach(async () => {
    await doc.send(new PutCommand({ TableName: Accounts, Item: { id: 'a', balance: 100 } }));
    await doc.send(new PutCommand({ TableName: Accounts, Item: { id: 'b', balance: 0 } }));
  });

  it('applies every write when every condition holds', async () => {
    await doc.send(transfer('a', 'b', 30));
    expect([await balance('a'), await balance('b')]).toEqual([70, 30]);
  });

  it('applies nothing when one condition fails, and gives a reason per item in request order', async () => {
    const error = await cancellation(doc.send(transfer('a', 'b', 500)));
    expect(error.CancellationReasons?.map((r) => r.Code)).toEqual(['ConditionalCheckFailed', 'None']);
    // ALL_OLD returns the item as it was; the SDK hands it over in DynamoDB's attribute-value form.
    expect(error.CancellationReasons?.[0]?.Item).toEqual({ id: { S: 'a' }, balance: { N: '100' } });
    expect(error.message).toContain('[ConditionalCheckFailed, None]');
    expect([await balance('a'), await balance('b')]).toEqual([100, 0]);
  });

  it('undoes earlier writes of the transaction, including items it would have created', async () => {
    const error = await cancellation(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: Accounts, Item: { id: 'new', balance: 1 } } },
            { Delete: { TableName: Accounts, Key: { id: 'a' } } },
            {
              Update: {
                TableName: Accounts,
                Key: { id: 'b' },
                UpdateExpression: 'SET balance = :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            {
              ConditionCheck: {
                TableName: Accounts,
                Key: { id: 'missing' },
                ConditionExpression: 'attribute_exists(id)',
              },
            },
          ],
        }),
      ),
    );
    expect(error.CancellationReasons?.map((r) => r.Code)).toEqual([
      'None',
      'None',
      'None',
      'ConditionalCheckFailed',
    ]);
    expect(await balance('new')).toBeUndefined();
    expect([await balance('a'), await balance('b')]).toEqual([100, 0]);
  });

  it('checks a condition on an absent item without creating it', async () => {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: Accounts,
              Key: { id: 'ghost' },
              ConditionExpression: 'attribute_not_exists(id)',
            },
          },
          { Put: { TableName: Accounts, Item: { id: 'c', balance: 5 } } },
        ],
      }),
    );
    const ghost = await doc.send(
      new GetCommand({ TableName: Accounts, Key: { id: 'ghost' }, ConsistentRead: true }),
    );
    expect(ghost.Item).toBeUndefined();
    expect(await balance('c')).toBe(5);
  });

  it('refuses what DynamoDB refuses, before writing anything', async () => {
    const put = (id: string) => ({ Put: { TableName: Accounts, Item: { id, balance: -1 } } });
    const refusals: [string, TransactWriteCommand][] = [
      [
        'multiple operations on one item',
        new TransactWriteCommand({
          TransactItems: [put('a'), { Delete: { TableName: Accounts, Key: { id: 'a' } } }],
        }),
      ],
      [
        'less than or equal to 100',
        new TransactWriteCommand({ TransactItems: Array.from({ length: 101 }, (_, i) => put(`x${i}`)) }),
      ],
      [
        'Missing the key id',
        new TransactWriteCommand({ TransactItems: [{ Put: { TableName: Accounts, Item: { balance: 1 } } }] }),
      ],
      ['exactly one of', new TransactWriteCommand({ TransactItems: [{}] })],
      ['at least one item', new TransactWriteCommand({ TransactItems: [] })],
    ];
    for (const [message, command] of refusals) {
      await expect(doc.send(command)).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining(message),
      });
    }
    expect(await balance('a')).toBe(100);
    expect(await balance('x0')).toBeUndefined();
    await expect(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: 'local-no-such-table', Item: { id: 'a' } } }],
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('applies a request once per ClientRequestToken, and refuses the token for another request', async () => {
    await doc.send(transfer('a', 'b', 10, 'token-1'));
    await doc.send(transfer('a', 'b', 10, 'token-1'));
    expect([await balance('a'), await balance('b')]).toEqual([90, 10]);
    await expect(doc.send(transfer('a', 'b', 20, 'token-1'))).rejects.toBeInstanceOf(
      IdempotentParameterMismatchException,
    );
    expect(await balance('a')).toBe(90);
  });

  it('never interleaves with other writers: concurrent transfers and plain updates keep the total', async () => {
    // Transfers race each other and plain single-item increments of a third account; a lost or half-applied
    // write would change the sum of a and b, or the count on c.
    await doc.send(new PutCommand({ TableName: Accounts, Item: { id: 'c', balance: 0 } }));
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 40 }, (_, i) =>
        doc.send(i % 2 === 0 ? transfer('a', 'b', 7) : transfer('b', 'a', 3)),
      ),
      ...Array.from({ length: 40 }, () =>
        doc.send(
          new UpdateCommand({
            TableName: Accounts,
            Key: { id: 'c' },
            UpdateExpression: 'ADD balance :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        ),
      ),
    ]);
    const failed = outcomes.filter((o) => o.status === 'rejected');
    for (const f of failed)
      expect((f as PromiseRejectedResult).reason).toBeInstanceOf(TransactionCanceledException);
    expect((await balance('a'))! + (await balance('b'))!).toBe(100);
    expect(await balance('c')).toBe(40);
    expect((await balance('a'))! >= 0 && (await balance('b'))! >= 0).toBe(true);
  });
});

describe('TransactGetItems', () => {
  it('reads several items at once, an empty response for a missing one', async () => {
    await doc.send(new PutCommand({ TableName: Accounts, Item: { id: 'g1', balance: 1, note: 'x' } }));
    const { Responses } = await doc.send(
      new TransactGetCommand({
        TransactItems: [
          {
            Get: {
              TableName: Accounts,
              Key: { id: 'g1' },
              ProjectionExpression: '#b',
              ExpressionAttributeNames: { '#b': 'balance' },
            },
          },
          { Get: { TableName: Accounts, Key: { id: 'g-missing' } } },
        ],
      }),
    );
    expect(Responses).toEqual([{ Item: { balance: 1 } }, {}]);
  });
});

describe('TimeToLive', () => {
  it('enables the TTL attribute a table declares, as Terraform does', async () => {
    const { TimeToLiveDescription } = await ddb.send(new DescribeTimeToLiveCommand({ TableName: Events }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
  });

  it('keeps a setting, refuses enabling it twice, and knows no unknown table', async () => {
    const spec = { Enabled: true, AttributeName: 'ttl' };
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: Accounts, TimeToLiveSpecification: spec }));
    await expect(
      ddb.send(new UpdateTimeToLiveCommand({ TableName: Accounts, TimeToLiveSpecification: spec })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const { TimeToLiveDescription } = await ddb.send(new DescribeTimeToLiveCommand({ TableName: Accounts }));
    expect(TimeToLiveDescription?.AttributeName).toBe('ttl');
    await expect(
      ddb.send(new DescribeTimeToLiveCommand({ TableName: 'local-no-such-table' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
