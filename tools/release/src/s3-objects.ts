import {
  ChecksumMode,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { sha256Base64 } from './sha256.js';

/** One object the release writes: its key, content, type, and the content's base64 SHA-256. */
export interface ReleaseObject {
  key: string;
  body: Uint8Array;
  contentType: string;
  sha256: string;
}

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && '$metadata' in error
    ? (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    : undefined;

/** The object's bytes, or undefined when there is no such key. */
export async function readObject(
  client: S3Client,
  bucket: string,
  key: string,
): Promise<Uint8Array | undefined> {
  try {
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Body === undefined ? new Uint8Array() : await Body.transformToByteArray();
  } catch (error) {
    // A missing bucket is also a 404; it is a wrong --bucket, not a missing artifact.
    if (statusOf(error) === 404 && (error as Error).name !== 'NoSuchBucket') return undefined;
    throw error;
  }
}

/**
 * The base64 SHA-256 of an object's content, or undefined when there is no such key. S3 returns the
 * SHA-256 it verified on upload when asked (ChecksumMode); where it has none (an object uploaded
 * without one, a multipart composite, an emulator) the content is downloaded and hashed.
 */
export async function remoteSha256(
  client: S3Client,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  let checksum: string | undefined;
  try {
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: ChecksumMode.ENABLED }),
    );
    checksum = head.ChecksumType === 'COMPOSITE' ? undefined : head.ChecksumSHA256;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
  if (checksum !== undefined && !checksum.includes('-')) return checksum;
  const body = await readObject(client, bucket, key);
  return body === undefined ? undefined : sha256Base64(body);
}

/**
 * Writes the object only if the key is free. `IfNoneMatch: '*'` makes S3 refuse the write when
 * another writer got there first (412), which the caller then resolves by comparing hashes.
 * S3 also checks the upload against ChecksumSHA256 and keeps it for later HeadObject calls.
 */
export async function putIfAbsent(
  client: S3Client,
  bucket: string,
  object: ReleaseObject,
): Promise<'created' | 'exists'> {
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: object.key,
        Body: object.body,
        ContentType: object.contentType,
        ChecksumSHA256: object.sha256,
        IfNoneMatch: '*',
      }),
    );
    return 'created';
  } catch (error) {
    // 412: the key exists; 409: a concurrent conditional write to the same key is in progress.
    const status = statusOf(error);
    if (status === 412 || status === 409) return 'exists';
    throw error;
  }
}
