import type { SQSRecord } from 'aws-lambda';
import { UnsupportedS3EventError } from './errors.js';

/** One S3 object event, its key decoded. */
export interface S3ObjectEvent {
  /** Without the `s3:` prefix, as S3 sends it: `ObjectCreated:Put`, `ObjectRemoved:Delete`. */
  readonly eventName: string;
  readonly eventTime: string;
  readonly region: string;
  readonly bucket: string;
  /** The object key as it was written (S3 sends it form-encoded). */
  readonly key: string;
  /** Absent for removals. */
  readonly size?: number;
  readonly eTag?: string;
  readonly versionId?: string;
  /** Orders events of one key: compare as strings of equal length (S3's advice). */
  readonly sequencer?: string;
  /** The notification's id (Terraform's `id`, or S3's generated one). */
  readonly configurationId?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalString = (value: unknown): value is string | undefined =>
  value === undefined || typeof value === 'string';

/**
 * Decodes a key from an S3 event: S3 form-encodes it (`+` for a space, `%2B` for a plus, UTF-8 bytes as `%XX`).
 * A key that is not validly encoded is refused, never passed on half-decoded.
 */
export function decodeS3EventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch (error) {
    throw new UnsupportedS3EventError('S3 event object key is not validly URL-encoded', { cause: error });
  }
}

function parseRecord(record: unknown, index: number): S3ObjectEvent {
  const where = `S3 event record ${index}`;
  if (!isObject(record) || record['eventSource'] !== 'aws:s3') {
    throw new UnsupportedS3EventError(`${where} is not from aws:s3`);
  }
  // Version 2.x only: a major version S3 has not announced may change the meaning of the fields.
  if (typeof record['eventVersion'] !== 'string' || !record['eventVersion'].startsWith('2.')) {
    throw new UnsupportedS3EventError(`${where} has an unsupported eventVersion`);
  }
  const { eventName, eventTime, awsRegion, s3 } = record;
  if (typeof eventName !== 'string' || typeof eventTime !== 'string' || typeof awsRegion !== 'string') {
    throw new UnsupportedS3EventError(`${where} lacks eventName, eventTime or awsRegion`);
  }
  if (!isObject(s3) || !isObject(s3['bucket']) || !isObject(s3['object'])) {
    throw new UnsupportedS3EventError(`${where} lacks s3.bucket or s3.object`);
  }
  const bucket = s3['bucket']['name'];
  const { key, size, eTag, versionId, sequencer } = s3['object'];
  const configurationId = s3['configurationId'];
  if (typeof bucket !== 'string' || bucket === '' || typeof key !== 'string' || key === '') {
    throw new UnsupportedS3EventError(`${where} lacks the bucket name or the object key`);
  }
  if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) {
    throw new UnsupportedS3EventError(`${where} has an invalid object size`);
  }
  if (
    !optionalString(eTag) ||
    !optionalString(versionId) ||
    !optionalString(sequencer) ||
    !optionalString(configurationId)
  ) {
    throw new UnsupportedS3EventError(
      `${where} has a non-string eTag, versionId, sequencer or configurationId`,
    );
  }
  return {
    eventName: eventName.replace(/^s3:/, ''),
    eventTime,
    region: awsRegion,
    bucket,
    key: decodeS3EventKey(key),
    ...(size === undefined ? {} : { size }),
    ...(eTag === undefined ? {} : { eTag }),
    ...(versionId === undefined || versionId === '' ? {} : { versionId }),
    ...(sequencer === undefined ? {} : { sequencer }),
    ...(configurationId === undefined ? {} : { configurationId }),
  };
}

/**
 * The object events of one SQS record that S3 sent to the queue (several may arrive in one message). The
 * `s3:TestEvent` S3 sends when a notification is configured gives an empty list, so the record is acknowledged.
 * Anything else (not JSON, an SNS envelope, a record of another shape) throws `UnsupportedS3EventError`, so the
 * SQS wrapper fails that record with its reason and the queue's redrive keeps it.
 */
export function parseS3EventRecord(record: Pick<SQSRecord, 'body' | 'messageId'>): S3ObjectEvent[] {
  let message: unknown;
  try {
    message = JSON.parse(record.body);
  } catch {
    // No cause: SyntaxError's message quotes the body.
    throw new UnsupportedS3EventError(`SQS message ${record.messageId} is not JSON`);
  }
  if (isObject(message) && message['Event'] === 's3:TestEvent' && message['Service'] === 'Amazon S3') {
    return [];
  }
  if (!isObject(message) || !Array.isArray(message['Records']) || message['Records'].length === 0) {
    throw new UnsupportedS3EventError(`SQS message ${record.messageId} is not an S3 event notification`);
  }
  return message['Records'].map(parseRecord);
}
