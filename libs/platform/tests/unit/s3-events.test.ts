import type { SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  UnsupportedS3EventError,
  ValidationError,
  createLogger,
  decodeS3EventKey,
  parseS3EventRecord,
  sqsBatchHandler,
} from '../../src/index.js';
import { captureOutput, lambdaContext, type CapturedOutput } from '../support/output.js';
import { sqsRecord } from '../support/sqs.js';

// Built the way S3 sends them (documented example of an ObjectCreated:Put notification).
function s3Record(key: string, overrides: Record<string, unknown> = {}) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: '2026-12-02T01:02:03.456Z',
    eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
    requestParameters: { sourceIPAddress: '203.0.113.7' },
    responseElements: {
      'x-amz-request-id': 'C3D13FE58DE4C810',
      'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'license-uploads',
      bucket: {
        name: 'board-uploads',
        ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
        arn: 'arn:aws:s3:::board-uploads',
      },
      object: { key, size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5' },
    },
    ...overrides,
  };
}

/** Form encoding as S3 applies it to event keys (Java's URLEncoder), with or without `/` kept. */
function encodeLikeS3(key: string, keepSlash: boolean): string {
  const encoded = encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

const errorOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('parseS3EventRecord', () => {
  it('parses an ObjectCreated record with its key decoded and its metadata', () => {
    const events = parseS3EventRecord(
      sqsRecord('m-1', { Records: [s3Record('licenses/2026/board+of+nursing%2Fq4%281%29.csv')] }),
    );
    expect(events).toEqual([
      {
        eventName: 'ObjectCreated:Put',
        eventTime: '2026-12-02T01:02:03.456Z',
        region: 'us-east-1',
        bucket: 'board-uploads',
        key: 'licenses/2026/board of nursing/q4(1).csv',
        size: 1024,
        eTag: 'd41d8cd98f00b204e9800998ecf8427e',
        sequencer: '0055AED6DCD90281E5',
        configurationId: 'license-uploads',
      },
    ]);
  });

  it('keeps a literal plus (%2B) apart from an encoded space (+), and decodes UTF-8', () => {
    const [event] = parseS3EventRecord(sqsRecord('m-1', { Records: [s3Record('a%2Bb+c%C3%A9.txt')] }));
    expect(event?.key).toBe('a+b cé.txt');
  });

  it('returns every record of a message with several, in order', () => {
    const events = parseS3EventRecord(
      sqsRecord('m-1', {
        Records: [
          s3Record('one.csv'),
          s3Record('two.csv', { eventName: 'ObjectRemoved:Delete' }),
          s3Record('three.csv'),
        ],
      }),
    );
    expect(events.map((e) => [e.key, e.eventName])).toEqual([
      ['one.csv', 'ObjectCreated:Put'],
      ['two.csv', 'ObjectRemoved:Delete'],
      ['three.csv', 'ObjectCreated:Put'],
    ]);
  });

  it('reads a removal without size or eTag', () => {
    const record = s3Record('gone.csv', { eventName: 'ObjectRemoved:Delete' });
    record.s3.object = { key: 'gone.csv', sequencer: '0055AED6DCD90281E6' } as typeof record.s3.object;
    const [event] = parseS3EventRecord(sqsRecord('m-1', { Records: [record] }));
    expect(event).not.toHaveProperty('size');
    expect(event).not.toHaveProperty('eTag');
    expect(event?.sequencer).toBe('0055AED6DCD90281E6');
  });

  it('acknowledges the s3:TestEvent with no events', () => {
    const testEvent = {
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2026-12-02T01:02:03.456Z',
      Bucket: 'board-uploads',
      RequestId: '5582815E1AEA5ADF',
      HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
    };
    expect(parseS3EventRecord(sqsRecord('m-1', testEvent))).toEqual([]);
  });

  it.each([
    ['a body that is not JSON', 'not json {', /is not JSON/],
    ['an SNS envelope', { Type: 'Notification', Message: '{"Records":[]}' }, /not an S3 event notification/],
    ['an empty Records list', { Records: [] }, /not an S3 event notification/],
    [
      'a record from another source',
      { Records: [s3Record('a', { eventSource: 'aws:sqs' })] },
      /not from aws:s3/,
    ],
    ['an unknown eventVersion', { Records: [s3Record('a', { eventVersion: '3.0' })] }, /eventVersion/],
    ['a record without s3', { Records: [s3Record('a', { s3: undefined })] }, /lacks s3.bucket/],
    ['a record without eventName', { Records: [s3Record('a', { eventName: 7 })] }, /lacks eventName/],
    ['an empty key', { Records: [s3Record('')] }, /object key/],
    [
      'a negative size',
      { Records: [{ ...s3Record('a'), s3: { ...s3Record('a').s3, object: { key: 'a', size: -1 } } }] },
      /size/,
    ],
    ['a key with a broken escape', { Records: [s3Record('report%E0%A4%A.csv')] }, /not validly URL-encoded/],
  ])('refuses %s with UnsupportedS3EventError', (_name, body, message) => {
    const error = errorOf(() => parseS3EventRecord(sqsRecord('m-9', body)));
    expect(error).toBeInstanceOf(UnsupportedS3EventError);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as UnsupportedS3EventError).name).toBe('UnsupportedS3EventError');
    expect((error as UnsupportedS3EventError).code).toBe('UNSUPPORTED_S3_EVENT');
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a whole message when one of its records is malformed, naming the record', () => {
    const body = { Records: [s3Record('ok.csv'), s3Record('bad', { awsRegion: null })] };
    expect(() => parseS3EventRecord(sqsRecord('m-1', body))).toThrow(/S3 event record 1 lacks/);
  });
});

describe('decodeS3EventKey', () => {
  it('round-trips any key through S3 form encoding, with / kept or encoded as %2F', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }),
        fc.boolean(),
        (key, keepSlash) => {
          expect(decodeS3EventKey(encodeLikeS3(key, keepSlash))).toBe(key);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips keys made of the characters encoding treats specially', () => {
    const special = fc.constantFrom(
      ' ',
      '+',
      '%',
      '/',
      '%2F',
      '&',
      '=',
      '?',
      '#',
      '~',
      '(',
      "'",
      'é',
      '😀',
      'a',
    );
    fc.assert(
      fc.property(fc.array(special, { minLength: 1, maxLength: 20 }), (parts) => {
        const key = parts.join('');
        expect(decodeS3EventKey(encodeLikeS3(key, true))).toBe(key);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseS3EventRecord in sqsBatchHandler', () => {
  let output: CapturedOutput;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it('fails only the record of an unknown shape, with its reason logged, and keeps the others', async () => {
    const seen: string[] = [];
    const handler = sqsBatchHandler(
      async (record) => {
        for (const event of parseS3EventRecord(record)) seen.push(event.key);
      },
      { logger: createLogger({ serviceName: 's3-events-test' }), processInParallel: false },
    );
    const event: SQSEvent = {
      Records: [
        sqsRecord('m-1', { Records: [s3Record('first+file.csv'), s3Record('second.csv')] }),
        sqsRecord('m-2', { Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'board-uploads' }),
        sqsRecord('m-3', { detail: { bucket: { name: 'board-uploads' } } }),
      ],
    };
    const response = await handler(event, lambdaContext());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-3' }]);
    expect(seen).toEqual(['first file.csv', 'second.csv']);
    const failure = output.records().find((r) => r['message'] === 'SQS record failed');
    expect(failure).toMatchObject({ message_id: 'm-3', error_class: 'UnsupportedS3EventError' });
    expect(JSON.stringify(failure)).toContain('is not an S3 event notification');
  });
});
