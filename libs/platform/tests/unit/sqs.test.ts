import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ValidationError,
  clearSensitiveValues,
  createLogger,
  parseJsonRecord,
  registerSensitiveValues,
  sqsBatchHandler,
} from '../../src/index.js';
import { captureOutput, lambdaContext, type CapturedOutput } from '../support/output.js';
import { sqsRecord as record } from '../support/sqs.js';

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

class MailboxFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailboxFullError';
  }
}

describe('sqsBatchHandler', () => {
  let output: CapturedOutput;
  const log = createLogger({ serviceName: 'sqs-test' });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
    clearSensitiveValues();
  });

  it('reports only the failed record, and logs its message id and error class without PII', async () => {
    const processed: string[] = [];
    const handler = sqsBatchHandler(
      async (r) => {
        const message = parseJsonRecord(r) as { to: string };
        registerSensitiveValues(message.to);
        if (message.to.startsWith('full')) throw new MailboxFullError(`mailbox of ${message.to} is full`);
        processed.push(r.messageId);
      },
      { logger: log },
    );
    const result = await handler(
      batch(
        record('m-1', { to: 'ok1@example.org' }),
        record('m-2', { to: 'full.box@example.org' }),
        record('m-3', { to: 'ok3@example.org' }),
      ),
      lambdaContext('sqs-req'),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(processed.sort()).toEqual(['m-1', 'm-3']);
    const failure = output.records().find((r) => r.message === 'SQS record failed');
    expect(failure).toMatchObject({
      message_id: 'm-2',
      error_class: 'MailboxFullError',
      receive_count: 2,
      request_id: 'sqs-req',
      error: { name: 'MailboxFullError', message: 'mailbox of [REDACTED] is full' },
    });
    expect(output.text()).not.toContain('full.box@example.org');
    expect(output.records().find((r) => r.message === 'SQS batch processed')).toMatchObject({
      records: 3,
      failed: 1,
    });
  });

  it('returns every message id, rather than throwing, when the whole batch fails', async () => {
    const handler = sqsBatchHandler(
      async () => {
        throw new Error('table unavailable');
      },
      { logger: log },
    );
    const result = await handler(batch(record('a', {}), record('b', {})), lambdaContext());
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a', 'b']);
  });

  it('returns no failures when every record succeeds', async () => {
    const handler = sqsBatchHandler(async () => 'done', { logger: log });
    expect(await handler(batch(record('a', {}), record('b', {})), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
  });

  it('on a FIFO queue fails the rest of a failed message group and processes the other groups', async () => {
    const processed: string[] = [];
    const handler = sqsBatchHandler(
      async (r) => {
        if (r.messageId === 'g1-a') throw new Error('first of group fails');
        processed.push(r.messageId);
      },
      { logger: log, fifo: true },
    );
    const result = await handler(
      batch(
        record('g1-a', {}, 'g1'),
        record('g2-a', {}, 'g2'),
        record('g1-b', {}, 'g1'),
        record('g2-b', {}, 'g2'),
      ),
      lambdaContext(),
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['g1-a', 'g1-b']);
    expect(processed).toEqual(['g2-a', 'g2-b']);
  });
});

describe('parseJsonRecord', () => {
  const schema = {
    type: 'object',
    required: ['to', 'subject'],
    additionalProperties: false,
    properties: { to: { type: 'string', format: 'email' }, subject: { type: 'string', minLength: 1 } },
  } as const;

  it('returns the typed, validated body', () => {
    const message = parseJsonRecord(record('m', { to: 'a@example.org', subject: 'Hi' }), schema);
    const to: string = message.to;
    expect(to).toBe('a@example.org');
  });

  it('throws ValidationError on a body that is not JSON, without quoting it', () => {
    const error = (() => {
      try {
        parseJsonRecord(record('m-bad', '{"to": "secret@example.org"'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe('SQS message m-bad body is not valid JSON');
    expect((error as ValidationError).cause).toBeUndefined();
  });

  it('throws ValidationError naming the field that breaks the schema', () => {
    expect(() => {
      parseJsonRecord(record('m', { to: 'not-an-email', subject: 'Hi' }), schema);
    }).toThrowError(
      expect.objectContaining({
        name: 'ValidationError',
        field: 'to',
        message: 'to must match format "email"',
      }),
    );
  });
});
