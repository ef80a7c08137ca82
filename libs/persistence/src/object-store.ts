import { Transform, type Readable } from 'node:stream';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import { ValidationError } from '@backend/platform';
import { ObjectNotFoundError, ObjectTooLargeError } from './errors.js';

export interface S3ClientOptions extends S3ClientConfig {
  /** `local` selects path-style addressing; `ENVIRONMENT` by default, as the functions are configured. */
  environment?: string;
}

/**
 * The S3 client of every function. The local cloud's S3 answers path-style requests only (there is no DNS for
 * `bucket.127.0.0.1`); AWS gets its default virtual-hosted style. This is the one place that choice is made.
 */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  const { environment = process.env.ENVIRONMENT, ...config } = options;
  return new S3Client({ forcePathStyle: environment === 'local', ...config });
}

export interface ObjectStoreOptions {
  s3: S3Client;
  bucket: string;
}

export interface ReadOptions {
  /** Larger objects are refused with ObjectTooLargeError, before the first byte when S3 sends a length. */
  maxBytes: number;
  signal?: AbortSignal;
}

export interface ObjectStream {
  /** Fails with ObjectTooLargeError once more than `maxBytes` have passed, should S3 send no length or lie. */
  body: Readable;
  contentLength?: number;
  contentType?: string;
}

export interface PresignedPostInput {
  key: string;
  /** The only Content-Type the upload may carry, e.g. `image/jpeg`. */
  contentType: string;
  /** S3 refuses uploads outside [minBytes, maxBytes] (`content-length-range`). */
  maxBytes: number;
  minBytes?: number;
  /** Default 300. */
  expiresInSeconds?: number;
}

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
const MAX_PUT_BYTES = 5 * 1024 ** 3;

function positiveInteger(value: number, field: string, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ValidationError(`${field} must be an integer from 0 to ${max}`, { field });
  }
}

/** A byte counter that fails the stream past the cap, so a reader never holds more than it allows. */
function capped(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maxBytes ? new ObjectTooLargeError(maxBytes) : null, chunk);
    },
  });
}

/** One bucket: capped streamed reads, writes, and pre-signed POST uploads with conditions. */
export class ObjectStore {
  private readonly s3: S3Client;
  readonly bucket: string;

  constructor(options: ObjectStoreOptions) {
    this.s3 = options.s3;
    this.bucket = options.bucket;
  }

  /** Streams an object. ObjectNotFoundError; ObjectTooLargeError at once when its length is over the cap. */
  async stream(key: string, options: ReadOptions): Promise<ObjectStream> {
    positiveInteger(options.maxBytes, 'maxBytes');
    let output;
    try {
      output = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
        options.signal ? { abortSignal: options.signal } : {},
      );
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: unknown }).name === 'NoSuchKey') {
        throw new ObjectNotFoundError({ cause: error });
      }
      throw error;
    }
    const source = output.Body as Readable;
    if (output.ContentLength !== undefined && output.ContentLength > options.maxBytes) {
      source.destroy();
      throw new ObjectTooLargeError(options.maxBytes);
    }
    const body = source.pipe(capped(options.maxBytes));
    // pipe() does not forward errors; a broken connection must fail the reader too, and a stopped reader the socket.
    source.once('error', (error) => body.destroy(error));
    body.once('close', () => source.destroy());
    return {
      body,
      ...(output.ContentLength === undefined ? {} : { contentLength: output.ContentLength }),
      ...(output.ContentType === undefined ? {} : { contentType: output.ContentType }),
    };
  }

  /** The whole object in memory, at most `maxBytes` of it. */
  async read(key: string, options: ReadOptions): Promise<Buffer> {
    const { body } = await this.stream(key, options);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async put(
    key: string,
    body: Uint8Array | string | Readable,
    options: { contentType?: string } = {},
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ...(options.contentType === undefined ? {} : { ContentType: options.contentType }),
      }),
    );
  }

  /**
   * A browser upload straight to S3 (a form POST of `fields` and then the file to `url`). S3 itself refuses a
   * body outside the length range or with another Content-Type, and the policy expires.
   */
  presignedPost(input: PresignedPostInput): Promise<PresignedPost> {
    const minBytes = input.minBytes ?? 1;
    positiveInteger(input.maxBytes, 'maxBytes', MAX_PUT_BYTES);
    positiveInteger(minBytes, 'minBytes', input.maxBytes);
    positiveInteger(input.expiresInSeconds ?? 300, 'expiresInSeconds', 7 * 24 * 3600);
    if (!CONTENT_TYPE.test(input.contentType)) {
      throw new ValidationError('contentType must be a media type such as image/jpeg', {
        field: 'contentType',
      });
    }
    if (input.key.length === 0 || Buffer.byteLength(input.key) > 1024) {
      throw new ValidationError('key must be 1-1024 bytes', { field: 'key' });
    }
    return createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: input.key,
      Expires: input.expiresInSeconds ?? 300,
      Fields: { 'Content-Type': input.contentType },
      Conditions: [
        ['content-length-range', minBytes, input.maxBytes],
        ['eq', '$Content-Type', input.contentType],
      ],
    });
  }
}

export type { PresignedPost };
