import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BucketCorsRule, BucketDeclaration, BucketNotification } from '@backend/contracts';
import type { QueueDirectory } from './queues.js';

export interface BucketWiring {
  /** Each bucket's notifications, for the S3 notifier. */
  readonly notifications: Map<string, readonly BucketNotification[]>;
}

/**
 * Creates the declared buckets, checks that their notifications name declared queues, and fills `cors` (which
 * the edge reads for browsers' CORS requests).
 */
export async function createBuckets(
  s3: S3Client,
  buckets: readonly BucketDeclaration[],
  queues: QueueDirectory,
  cors: Map<string, readonly BucketCorsRule[]>,
): Promise<BucketWiring> {
  const notifications = new Map<string, readonly BucketNotification[]>();
  for (const bucket of buckets) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket.name })).catch((error: Error) => {
      if (error.name !== 'BucketAlreadyOwnedByYou') throw error;
    });
    for (const n of bucket.notifications ?? []) queues.url(n.queue);
    notifications.set(bucket.name, bucket.notifications ?? []);
    if (bucket.cors !== undefined) cors.set(bucket.name, bucket.cors);
  }
  return { notifications };
}
