import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, fixture, startTestCloud, type TestCloud } from '../support/cloud.js';

let cloud: TestCloud;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  cloud = await startTestCloud([
    {
      service: 'failures-test',
      tables: [{ name: 'deliveries', partitionKey: { name: 'body', type: 'S' } }],
      queues: [
        { name: 'throws-dlq' },
        {
          name: 'throws',
          visibilityTimeoutSeconds: 1,
          deadLetter: { queue: 'throws-dlq', maxReceiveCount: 2 },
        },
        { name: 'partial-dlq' },
        {
          name: 'partial',
          visibilityTimeoutSeconds: 2,
          deadLetter: { queue: 'partial-dlq', maxReceiveCount: 2 },
        },
        { name: 'job-failures' },
        { name: 'stalls-dlq' },
        {
          name: 'stalls',
          visibilityTimeoutSeconds: 3,
          deadLetter: { queue: 'stalls-dlq', maxReceiveCount: 3 },
        },
      ],
      functions: [
        {
          name: 'throwing-consumer',
          entry: fixture('sqs-consumer'),
          environment: { TABLE_NAME: 'deliveries' },
          sqs: [{ queue: 'throws', batchSize: 1 }],
        },
        {
          name: 'partial-consumer',
          entry: fixture('sqs-consumer'),
          environment: { TABLE_NAME: 'deliveries', PARTIAL: 'true' },
          sqs: [
            {
              queue: 'partial',
              batchSize: 10,
              maximumBatchingWindowSeconds: 1,
              reportBatchItemFailures: true,
              maximumConcurrency: 1,
            },
          ],
        },
        { name: 'always-fails', entry: fixture('always-fails'), async: { onFailure: 'job-failures' } },
        {
          name: 'slow-consumer',
          entry: fixture('slow-consumer'),
          timeoutSeconds: 1,
          environment: { TABLE_NAME: 'deliveries' },
          sqs: [{ queue: 'stalls', batchSize: 1 }],
        },
      ],
    },
  ]);
  sqs = new SQSClient(cloud.clientConfig);
  dynamodb = new DynamoDBClient(cloud.clientConfig);
});

afterAll(async () => {
  await cloud.stop();
});

async function deliveries(body: string): Promise<{ count: number; batchSize: number } | undefined> {
  const { Item } = await dynamodb.send(
    new GetItemCommand({ TableName: 'deliveries', Key: { body: { S: body } } }),
  );
  return Item === undefined
    ? undefined
    : { count: Number(Item['deliveries']?.N), batchSize: Number(Item['batchSize']?.N) };
}

async function receiveAll(queue: string): Promise<string[]> {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: cloud.queueUrl(queue),
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
    }),
  );
  return (Messages ?? []).map((m) => m.Body ?? '');
}

describe.concurrent('faithful failure behaviour', () => {
  it('redelivers a message whose function throws after the visibility timeout, then moves it to the DLQ', async () => {
    await sqs.send(
      new SendMessageCommand({ QueueUrl: cloud.queueUrl('throws'), MessageBody: 'fail-throws' }),
    );
    const dead = await eventually(async () => {
      const bodies = await receiveAll('throws-dlq');
      return bodies.length > 0 ? bodies : undefined;
    });
    expect(dead).toEqual(['fail-throws']);
    expect((await deliveries('fail-throws'))?.count).toBe(2);
  });

  it('retries only the failed records of a partial batch response', async () => {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: cloud.queueUrl('partial'),
        Entries: ['ok-1', 'ok-2', 'fail-3'].map((body, i) => ({ Id: String(i), MessageBody: body })),
      }),
    );
    const dead = await eventually(async () => {
      const bodies = await receiveAll('partial-dlq');
      return bodies.length > 0 ? bodies : undefined;
    });
    expect(dead).toEqual(['fail-3']);
    expect(await deliveries('ok-1')).toEqual({ count: 1, batchSize: 3 });
    expect(await deliveries('ok-2')).toEqual({ count: 1, batchSize: 3 });
    expect((await deliveries('fail-3'))?.count).toBe(2);
  });

  it('sends an async invocation that always fails to the on-failure queue after 3 attempts', async () => {
    const lambda = new LambdaClient(cloud.clientConfig);
    const payload = { applicant: 'opaque-id-1' };
    const accepted = await lambda.send(
      new InvokeCommand({
        FunctionName: 'always-fails',
        InvocationType: 'Event',
        Payload: JSON.stringify(payload),
      }),
    );
    expect(accepted.StatusCode).toBe(202);
    const [record] = await eventually(async () => {
      const bodies = await receiveAll('job-failures');
      return bodies.length > 0 ? bodies : undefined;
    });
    expect(JSON.parse(record!)).toMatchObject({
      version: '1.0',
      requestContext: {
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:always-fails:$LATEST',
      },
      requestPayload: payload,
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
      responsePayload: { errorType: 'ProofingVendorError', errorMessage: 'vendor unavailable' },
    });
    expect(cloud.logs('always-fails').filter((line) => line === 'attempt')).toHaveLength(3);
  });
});

describe('a function stopped by its timeout mid-batch, as Lambda stops it', () => {
  it('keeps the batch, whose message returns after the visibility timeout to a fresh environment; the write in flight is not applied', async () => {
    // The second PutItem of the first delivery (its `done` mark) stalls past the 1 s timeout.
    const response = await fetch(`${cloud.endpoint}/_local-cloud/faults`, {
      method: 'POST',
      body: JSON.stringify({
        target: 'dynamodb:PutItem',
        effect: { type: 'latency', ms: 2000 },
        after: 1,
        times: 1,
      }),
    });
    expect(response.status).toBe(201);
    await sqs.send(new SendMessageCommand({ QueueUrl: cloud.queueUrl('stalls'), MessageBody: 'stalled' }));
    const mark = async (id: string) =>
      (await dynamodb.send(new GetItemCommand({ TableName: 'deliveries', Key: { body: { S: id } } }))).Item;
    // The message comes back 3 s after its first receive, when the stalled write's 2 s have long passed.
    const second = await eventually(() => mark('stalled#2#done'), 15_000);
    expect(
      cloud.logs('slow-consumer').filter((l) => l.includes('Task timed out after 1.00 seconds')),
    ).toHaveLength(1);
    const first = await mark('stalled#1#start');
    expect(first).toBeDefined();
    // The stopped environment's write was cut off with it; the retry ran in a new environment.
    expect(await mark('stalled#1#done')).toBeUndefined();
    expect(second['environment']?.S).not.toBe(first!['environment']?.S);
    expect(await receiveAll('stalls-dlq')).toEqual([]);
    expect(await receiveAll('stalls')).toEqual([]);
    await fetch(`${cloud.endpoint}/_local-cloud/faults`, { method: 'DELETE' });
  });
});
