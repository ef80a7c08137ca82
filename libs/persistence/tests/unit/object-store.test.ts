import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ObjectStore, ObjectTooLargeError, createS3Client } from '../../src/index.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** An S3 client that answers every GetObject with `body` and the given ContentLength (or none). */
const s3Returning = (body: Readable, contentLength?: number) =>
  ({
    send: async () => ({
      Body: body,
      ...(contentLength === undefined ? {} : { ContentLength: contentLength }),
    }),
  }) as unknown as S3Client;

describe('createS3Client', () => {
  it('uses path-style requests for the local environment only', async () => {
    const local = createS3Client({ environment: 'local', region: 'us-east-1', credentials });
    const aws = createS3Client({ environment: 'production', region: 'us-east-1', credentials });
    expect(local.config.forcePathStyle).toBe(true);
    expect(aws.config.forcePathStyle).toBe(false);
    const post = (s3: S3Client) =>
      new ObjectStore({ s3, bucket: 'docs' }).presignedPost({
        key: 'k',
        contentType: 'image/jpeg',
        maxBytes: 10,
      });
    expect((await post(local)).url).toBe('https://s3.us-east-1.amazonaws.com/docs');
    expect((await post(aws)).url).toBe('https://docs.s3.us-east-1.amazonaws.com/');
  });
});

describe('ObjectStore.presignedPost', () => {
  it('signs a policy that pins the key, the Content-Type and the length range, and expires', async () => {
    const store = new ObjectStore({
      s3: createS3Client({ region: 'us-east-1', credentials }),
      bucket: 'uploads',
    });
    const before = Date.now();
    const { fields } = await store.presignedPost({
      key: 'images/front.jpg',
      contentType: 'image/jpeg',
      minBytes: 100,
      maxBytes: 5_000_000,
      expiresInSeconds: 120,
    });
    expect(fields).toMatchObject({
      key: 'images/front.jpg',
      'Content-Type': 'image/jpeg',
      bucket: 'uploads',
    });
    expect(fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    const policy = JSON.parse(Buffer.from(fields['Policy']!, 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 100, 5_000_000],
        ['eq', '$Content-Type', 'image/jpeg'],
        { key: 'images/front.jpg' },
        { bucket: 'uploads' },
      ]),
    );
    const expires = Date.parse(policy.expiration) - before;
    expect(expires).toBeGreaterThan(100_000);
    expect(expires).toBeLessThanOrEqual(121_000);
  });

  it('refuses media types, sizes and keys that would make a loose policy', () => {
    const store = new ObjectStore({
      s3: createS3Client({ region: 'us-east-1', credentials }),
      bucket: 'uploads',
    });
    const base = { key: 'k', contentType: 'image/png', maxBytes: 1000 };
    for (const bad of [
      { contentType: 'image/*' },
      { contentType: 'text/html"], ["starts-with", "$key", "' },
      { maxBytes: -1 },
      { maxBytes: 1.5 },
      { maxBytes: 6 * 1024 ** 3 },
      { minBytes: 2000 },
      { key: '' },
      { expiresInSeconds: 8 * 24 * 3600 },
    ]) {
      expect(() => store.presignedPost({ ...base, ...bad })).toThrow(
        expect.objectContaining({ name: 'ValidationError' }),
      );
    }
  });
});

describe('ObjectStore.stream', () => {
  it('refuses an object whose length is over the cap before reading it', async () => {
    const body = Readable.from([Buffer.alloc(10)]);
    const store = new ObjectStore({ s3: s3Returning(body, 5_000), bucket: 'b' });
    await expect(store.stream('k', { maxBytes: 4_096 })).rejects.toThrow(ObjectTooLargeError);
    expect(body.destroyed).toBe(true);
  });

  it('fails the stream once more than the cap has arrived when S3 sent no length', async () => {
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(1024, 1));
    const store = new ObjectStore({ s3: s3Returning(Readable.from(chunks)), bucket: 'b' });
    await expect(store.read('k', { maxBytes: 10 * 1024 })).rejects.toThrow(ObjectTooLargeError);
    const exact = new ObjectStore({ s3: s3Returning(Readable.from(chunks.slice(0, 10))), bucket: 'b' });
    expect(await exact.read('k', { maxBytes: 10 * 1024 })).toHaveLength(10 * 1024);
  });
});
