import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseS3EventRecord, type S3ObjectEvent } from '../../src/index.js';

// A bucket that notifies a queue, as a licensing service declares its upload bucket; no function consumes the
// queue, so the test reads what S3 sent.
const BUCKET = 'test-platform-uploads';
const QUEUE = 'test-platform-upload-events';

let cloud: TestLocalCloud;
let s3: S3Client;
let sqs: SQSClient;

beforeAll(async () => {
  cloud = await startLocalCloud({
    services: [
      {
        service: 'platform-s3-events-test',
        queues: [{ name: QUEUE }],
        buckets: [
          {
            name: BUCKET,
            notifications: [
              { queue: QUEUE, events: ['s3:ObjectCreated:*'], prefix: 'incoming/', id: 'uploads' },
            ],
          },
        ],
      },
    ],
  });
  s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
  sqs = new SQSClient(cloud.clientConfig);
});

afterAll(async () => {
  s3?.destroy();
  sqs?.destroy();
  await cloud?.stop();
});

async function receiveEvents(expected: number): Promise<S3ObjectEvent[]> {
  const events: S3ObjectEvent[] = [];
  for (let attempt = 0; attempt < 10 && events.length < expected; attempt++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: cloud.queueUrl(QUEUE),
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    for (const message of Messages) {
      events.push(...parseS3EventRecord({ body: message.Body ?? '', messageId: message.MessageId ?? '' }));
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: cloud.queueUrl(QUEUE), ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
  return events;
}

describe('S3 -> SQS notifications parsed by parseS3EventRecord', () => {
  it('gives back each object key exactly as it was written, with its size and eTag', async () => {
    const keys = [
      'incoming/board of nursing/2026 Q4.csv',
      'incoming/a+b=c&d.csv',
      'incoming/résumé (final)~1.csv',
      'incoming/100%25 literal%2Fslash.csv',
    ];
    const eTags = new Map<string, string | undefined>();
    for (const [index, key] of keys.entries()) {
      const put = await s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `row-${index}\n`.repeat(index + 1) }),
      );
      eTags.set(key, put.ETag?.replace(/"/g, ''));
    }
    // Outside the notification's prefix: S3 sends nothing for it.
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'elsewhere/ignored.csv', Body: 'x' }));
    await cloud.drain();

    const events = await receiveEvents(keys.length);
    expect(events.map((e) => e.key).sort()).toEqual([...keys].sort());
    for (const event of events) {
      const index = keys.indexOf(event.key);
      expect(event).toMatchObject({
        bucket: BUCKET,
        eventName: 'ObjectCreated:Put',
        region: cloud.region,
        size: `row-${index}\n`.length * (index + 1),
        eTag: eTags.get(event.key),
        configurationId: 'uploads',
      });
    }
  });
});
