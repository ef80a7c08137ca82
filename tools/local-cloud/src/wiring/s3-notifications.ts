import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import type { BucketNotification } from '@backend/contracts';
import type { ObjectCreated } from '../edge/edge-server.js';

export interface S3NotifierOptions {
  readonly s3: S3Client;
  readonly region: string;
  readonly notifications: ReadonlyMap<string, readonly BucketNotification[]>;
  readonly send: (queueName: string, body: string) => Promise<void>;
  readonly log: (line: string) => void;
}

/** Whether a notification's event list (`s3:ObjectCreated:*`, `s3:ObjectCreated:Put`, …) covers an event. */
export function matchesEvent(patterns: readonly string[], eventName: string): boolean {
  return patterns.some((pattern) => {
    const name = pattern.replace(/^s3:/, '');
    return name.endsWith(':*') ? eventName.startsWith(name.slice(0, -1)) : name === eventName;
  });
}

export function matchesKey(notification: BucketNotification, key: string): boolean {
  return key.startsWith(notification.prefix ?? '') && key.endsWith(notification.suffix ?? '');
}

/** S3 event keys are form-encoded (Java's URLEncoder: `+` for spaces, `()!'~` escaped) with `/` kept. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+');
}

/** The message S3 sends to a queue for one created object. */
export function s3EventMessage(
  created: ObjectCreated,
  object: { size: number; eTag: string; versionId?: string },
  region: string,
  configurationId: string,
) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: new Date().toISOString(),
        eventName: created.eventName,
        userIdentity: { principalId: 'AWS:LOCALCLOUD' },
        requestParameters: { sourceIPAddress: created.sourceIp },
        responseElements: {
          'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
          'x-amz-id-2': randomBytes(24).toString('base64'),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId,
          bucket: {
            name: created.bucket,
            ownerIdentity: { principalId: 'LOCALCLOUD' },
            arn: `arn:aws:s3:::${created.bucket}`,
          },
          object: {
            key: encodeEventKey(created.key),
            size: object.size,
            eTag: object.eTag,
            ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
            sequencer: Date.now().toString(16).toUpperCase().padStart(16, '0'),
          },
        },
      },
    ],
  };
}

/** Delivers S3 -> SQS notifications, which fauxqs accepts but never sends. */
export class S3Notifier {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: S3NotifierOptions) {}

  notify(created: ObjectCreated): void {
    const targets = (this.options.notifications.get(created.bucket) ?? []).filter(
      (n) => matchesEvent(n.events, created.eventName) && matchesKey(n, created.key),
    );
    if (targets.length === 0) return;
    const delivery = this.deliver(created, targets).catch((error: unknown) => {
      this.options.log(`S3 notification for ${created.bucket} not delivered: ${(error as Error).message}`);
    });
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  private async deliver(created: ObjectCreated, targets: readonly BucketNotification[]): Promise<void> {
    const head = await this.options.s3.send(
      new HeadObjectCommand({ Bucket: created.bucket, Key: created.key }),
    );
    const object = {
      size: head.ContentLength ?? 0,
      eTag: (head.ETag ?? '').replace(/"/g, ''),
      ...(head.VersionId === undefined ? {} : { versionId: head.VersionId }),
    };
    for (const [index, target] of targets.entries()) {
      const message = s3EventMessage(
        created,
        object,
        this.options.region,
        target.id ?? `notification-${index + 1}`,
      );
      await this.options.send(target.queue, JSON.stringify(message));
    }
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
