import {
  BatchProcessor,
  EventType,
  SqsFifoPartialProcessorAsync,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { ValidationError } from './errors.js';
import { logger as defaultLogger, withSensitiveValueScope, type Logger } from './logger.js';
import { compileValidator } from './compile.js';

export type SqsRecordHandler = (record: SQSRecord, context: Context) => Promise<unknown>;

export interface SqsBatchHandlerOptions {
  logger?: Logger;
  /**
   * For FIFO queues: records are processed in order, and after a failure the rest of that message
   * group is failed too, so SQS redelivers the group in order.
   */
  fifo?: boolean;
  /** Standard queues only: process the batch's records concurrently (default) or one by one. */
  processInParallel?: boolean;
}

/**
 * Wraps a per-record handler into an SQS Lambda handler that reports partial batch failures
 * (the event source mapping needs `ReportBatchItemFailures`). A record whose handler throws is the
 * only one retried, and is logged (redacted) with its message id and error class; the others are
 * deleted. Built on Powertools' `BatchProcessor` and `processPartialResponse`.
 */
export function sqsBatchHandler(
  recordHandler: SqsRecordHandler,
  options: SqsBatchHandlerOptions = {},
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const log = options.logger ?? defaultLogger;
  // A processor holds the state of one batch: one per invocation, so that concurrent invocations
  // in one process (Lambda managed instances) cannot mix their results. Creating one is cheap.
  const newProcessor = () =>
    options.fifo ? new SqsFifoPartialProcessorAsync() : new BatchProcessor(EventType.SQS, { logger: log });

  const handleRecord = async (record: SQSRecord, context: Context): Promise<unknown> => {
    try {
      return await recordHandler(record, context);
    } catch (error) {
      log.error('SQS record failed', {
        message_id: record.messageId,
        receive_count: Number(record.attributes?.ApproximateReceiveCount ?? 0),
        error_class: error instanceof Error ? error.name : typeof error,
        error: error instanceof Error ? error : { thrown: error },
      });
      throw error;
    }
  };

  // Each invocation gets its own list of sensitive values, empty at the start.
  return (event, context) =>
    withSensitiveValueScope(async () => {
      log.resetKeys();
      log.addContext(context);
      log.appendKeys({ request_id: context.awsRequestId });
      const processor = newProcessor();
      const handle = (record: SQSRecord) => handleRecord(record, context);
      // Every record failing is reported like any partial failure: one rule for SQS to apply.
      const response =
        processor instanceof SqsFifoPartialProcessorAsync
          ? await processPartialResponse(event, handle, processor, {
              context,
              throwOnFullBatchFailure: false,
              skipGroupOnError: true,
            })
          : await processPartialResponse(event, handle, processor, {
              context,
              throwOnFullBatchFailure: false,
              processInParallel: options.processInParallel ?? true,
            });
      const failed = response.batchItemFailures.length;
      log.info('SQS batch processed', { records: event.Records.length, failed });
      return {
        batchItemFailures: response.batchItemFailures.map(({ itemIdentifier }) => ({ itemIdentifier })),
      };
    });
}

/** Parses a record's body as JSON (and validates it against `schema`), or throws `ValidationError`. */
export function parseJsonRecord(record: Pick<SQSRecord, 'body' | 'messageId'>): unknown;
export function parseJsonRecord<const S extends JSONSchema>(
  record: Pick<SQSRecord, 'body' | 'messageId'>,
  schema: S,
): FromSchema<S>;
export function parseJsonRecord(record: Pick<SQSRecord, 'body' | 'messageId'>, schema?: JSONSchema): unknown {
  let value: unknown;
  try {
    value = JSON.parse(record.body);
  } catch {
    // No cause: SyntaxError's message quotes the body.
    throw new ValidationError(`SQS message ${record.messageId} body is not valid JSON`, {
      code: 'MALFORMED_JSON',
    });
  }
  return schema === undefined ? value : compileValidator(schema)(value);
}
