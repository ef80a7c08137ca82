import type { Context } from 'aws-lambda';
import { AppError } from './errors.js';
import { logger as defaultLogger, withSensitiveValueScope, type Logger } from './logger.js';

/** What an async job resolves with when its input can never succeed: Lambda must not retry it. */
export interface JobFailure {
  ok: false;
  error: { code: string; message: string };
}

export type JobRunner<E, R> = (event: E, context: Context) => Promise<R>;

export interface AsyncJobHandlerOptions {
  logger?: Logger;
}

const traceIdOf = (event: unknown): string | undefined => {
  if (typeof event !== 'object' || event === null) return undefined;
  const traceId = (event as { trace_id?: unknown }).trace_id;
  return typeof traceId === 'string' && traceId.length > 0 ? traceId : undefined;
};

/**
 * Wraps an asynchronously invoked job. Logs carry the event's `trace_id` and the Lambda request id.
 * An `AppError` (input that can never succeed) is logged without PII and resolved as
 * `{ ok: false, error }`, so Lambda does not retry it; anything else is re-thrown so that Lambda's
 * async retries and on-failure destination take over.
 */
export function asyncJobHandler<E = unknown, R = unknown>(
  run: JobRunner<E, R>,
  options: AsyncJobHandlerOptions = {},
): (event: E, context: Context) => Promise<R | JobFailure> {
  const log = options.logger ?? defaultLogger;
  // Each invocation gets its own list of sensitive values, empty at the start.
  return (event, context) =>
    withSensitiveValueScope(async (): Promise<R | JobFailure> => {
      log.resetKeys();
      log.addContext(context);
      const traceId = traceIdOf(event);
      log.appendKeys({
        request_id: context.awsRequestId,
        ...(traceId === undefined ? {} : { trace_id: traceId }),
      });
      try {
        return await run(event, context);
      } catch (error) {
        if (!(error instanceof AppError)) {
          if (error instanceof Error) log.error('Job failed; Lambda will retry', error);
          else log.error('Job failed with a non-Error; Lambda will retry', { thrown: error });
          throw error;
        }
        log.warn('Job rejected its input', {
          error_code: error.code,
          error_name: error.name,
          reason: error.message,
          ...(error.field === undefined ? {} : { field: error.field }),
        });
        return { ok: false, error: { code: error.code, message: error.message } };
      }
    });
}

/** Milliseconds before Lambda stops this invocation. */
export const remainingTimeMs = (context: Pick<Context, 'getRemainingTimeInMillis'>): number =>
  Math.max(0, context.getRemainingTimeInMillis());

/**
 * An `AbortSignal` that aborts (with a `TimeoutError`) `reserveMs` before the Lambda timeout, so work
 * can stop and report instead of being killed. Combined with `signal` when one is given. The timer
 * does not keep the process alive.
 */
export function deadlineSignal(
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  reserveMs: number,
  signal?: AbortSignal,
): AbortSignal {
  // AbortSignal.timeout takes whole milliseconds only (a fractional reserve would throw a RangeError).
  const budget = Math.floor(remainingTimeMs(context) - reserveMs);
  const deadline =
    budget > 0
      ? AbortSignal.timeout(budget)
      : AbortSignal.abort(new DOMException('The Lambda deadline has passed', 'TimeoutError'));
  return signal === undefined ? deadline : AbortSignal.any([deadline, signal]);
}
