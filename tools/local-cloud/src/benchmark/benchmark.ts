import { BatchWriteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startCloud } from '../cloud.js';

export interface LocalCloudBenchmark {
  /** Start-up of a local cloud with one function, in a process that has loaded the emulators once. */
  readonly startMs: number;
  readonly items: number;
  /** Items per second through SQS -> event source mapping -> function -> DynamoDB BatchWriteItem. */
  readonly sqsToDynamoDbPerSecond: number;
  /** Items per second written directly with BatchWriteItem (25 per request, 4 requests at once). */
  readonly batchWriteItemPerSecond: number;
}

const key = { name: 'id', type: 'S' as const };

async function countItems(dynamodb: DynamoDBClient, table: string): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start !== undefined);
  return count;
}

/** Messages still in the queue, visible or being processed; 0 once every batch was written and deleted. */
async function messagesLeft(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Start-up time and SQS -> function -> DynamoDB throughput, against a direct BatchWriteItem baseline. */
export async function benchmarkLocalCloud(items = 2000): Promise<LocalCloudBenchmark> {
  const services = [
    {
      service: 'benchmark',
      tables: [
        { name: 'bench-via-sqs', partitionKey: key },
        { name: 'bench-direct', partitionKey: key },
      ],
      queues: [
        { name: 'bench-in-dlq' },
        { name: 'bench-in', deadLetter: { queue: 'bench-in-dlq', maxReceiveCount: 3 } },
      ],
      functions: [
        {
          name: 'bench-writer',
          entry: 'tools/local-cloud/src/benchmark/writer.ts',
          environment: { TABLE_NAME: 'bench-via-sqs' },
          sqs: [{ queue: 'bench-in', batchSize: 10, reportBatchItemFailures: true, maximumConcurrency: 4 }],
        },
      ],
    },
  ];
  // The first start pays for loading the emulators and bundling; the second is what a test file sees.
  await (await startCloud({ services, log: () => undefined })).stop();
  const started = performance.now();
  const cloud = await startCloud({ services, log: () => undefined });
  const startMs = performance.now() - started;
  const config = {
    endpoint: cloud.endpoint,
    region: cloud.region,
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  };
  const sqs = new SQSClient(config);
  const dynamodb = new DynamoDBClient(config);
  try {
    const ids = Array.from({ length: items }, (_, i) => `item-${i}`);
    const sqsStarted = performance.now();
    const batches = Array.from({ length: Math.ceil(items / 10) }, (_, i) => ids.slice(i * 10, i * 10 + 10));
    await inParallel(batches, 4, async (batch) => {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: cloud.queueUrl('bench-in'),
          Entries: batch.map((id, n) => ({ Id: String(n), MessageBody: id })),
        }),
      );
    });
    // The queue is empty once the last batch was written and deleted. Polling its attributes is cheap; a
    // Scan every few milliseconds would compete with the function's writes for dynalite's CPU.
    while ((await messagesLeft(sqs, cloud.queueUrl('bench-in'))) > 0)
      await new Promise((r) => setTimeout(r, 10));
    const sqsSeconds = (performance.now() - sqsStarted) / 1000;
    const written = await countItems(dynamodb, 'bench-via-sqs');
    if (written !== items) throw new Error(`the function wrote ${written} of ${items} items`);

    const directStarted = performance.now();
    const writes = Array.from({ length: Math.ceil(items / 25) }, (_, i) => ids.slice(i * 25, i * 25 + 25));
    await inParallel(writes, 4, async (batch) => {
      await dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            'bench-direct': batch.map((id) => ({ PutRequest: { Item: { id: { S: id }, body: { S: id } } } })),
          },
        }),
      );
    });
    const directSeconds = (performance.now() - directStarted) / 1000;
    return {
      startMs,
      items,
      sqsToDynamoDbPerSecond: items / sqsSeconds,
      batchWriteItemPerSecond: items / directSeconds,
    };
  } finally {
    sqs.destroy();
    dynamodb.destroy();
    await cloud.stop();
  }
}
