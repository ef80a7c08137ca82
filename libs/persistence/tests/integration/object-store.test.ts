import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError, ObjectStore, ObjectTooLargeError, createS3Client } from '../../src/index.js';

let cloud: TestLocalCloud;
let s3: S3Client;
let store: ObjectStore;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [] });
  // What a function gets in the local cloud: ENVIRONMENT=local and the edge as endpoint.
  s3 = createS3Client({ environment: 'local', ...cloud.clientConfig });
  await s3.send(new CreateBucketCommand({ Bucket: 'documents' }));
  store = new ObjectStore({ s3, bucket: 'documents' });
});

afterAll(async () => {
  s3.destroy();
  await cloud.stop();
});

describe('ObjectStore against the local cloud', () => {
  it('streams an object back byte for byte, with its length and type', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 3);
    await store.put('scans/a.bin', bytes, { contentType: 'application/octet-stream' });
    const { body, contentLength, contentType } = await store.stream('scans/a.bin', {
      maxBytes: bytes.length,
    });
    expect(contentLength).toBe(bytes.length);
    expect(contentType).toBe('application/octet-stream');
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('refuses an object over the cap and names a missing one', async () => {
    await store.put('scans/big.bin', randomBytes(64 * 1024));
    await expect(store.read('scans/big.bin', { maxBytes: 64 * 1024 - 1 })).rejects.toThrow(
      ObjectTooLargeError,
    );
    expect(await store.read('scans/big.bin', { maxBytes: 64 * 1024 })).toHaveLength(64 * 1024);
    await expect(store.read('scans/none.bin', { maxBytes: 10 })).rejects.toThrow(ObjectNotFoundError);
  });

  it('hands out a pre-signed POST addressed path-style at the local endpoint', async () => {
    const { url, fields } = await store.presignedPost({
      key: 'uploads/x.jpg',
      contentType: 'image/jpeg',
      maxBytes: 1000,
    });
    expect(url).toBe(`${cloud.endpoint}/documents`);
    expect(fields['key']).toBe('uploads/x.jpg');
  });
});
