import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ValidationError,
  asyncJobHandler,
  clearSensitiveValues,
  createLogger,
  deadlineSignal,
  registerSensitiveValues,
  remainingTimeMs,
} from '../../src/index.js';
import { captureOutput, lambdaContext, type CapturedOutput } from '../support/output.js';

interface AddressJob {
  applicant_pii: { ssn: string; phone: string };
  trace_id?: unknown;
}

const job = (trace_id?: unknown): AddressJob => ({
  applicant_pii: { ssn: '900-22-3333', phone: '7035550199' },
  ...(trace_id === undefined ? {} : { trace_id }),
});

describe('asyncJobHandler', () => {
  let output: CapturedOutput;
  const log = createLogger({ serviceName: 'job-test' });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
    clearSensitiveValues();
  });

  it('returns the run result and tags every log line with the trace id and request id', async () => {
    const handler = asyncJobHandler(
      async (event: AddressJob) => {
        log.info('working');
        return { sent: event.applicant_pii.phone.length };
      },
      { logger: log },
    );
    expect(await handler(job('trace-77'), lambdaContext('job-req-1'))).toEqual({ sent: 10 });
    expect(output.records()[0]).toMatchObject({
      message: 'working',
      trace_id: 'trace-77',
      request_id: 'job-req-1',
      function_request_id: 'job-req-1',
    });
  });

  it('resolves an AppError as { ok: false } so Lambda does not retry, logging no PII', async () => {
    const handler = asyncJobHandler(
      async (event: AddressJob) => {
        registerSensitiveValues(event.applicant_pii);
        throw new ValidationError(`applicant_pii.ssn ${event.applicant_pii.ssn} is not allowed`, {
          field: 'applicant_pii.ssn',
        });
      },
      { logger: log },
    );
    const result = await handler(job('trace-88'), lambdaContext());
    expect(result).toEqual({
      ok: false,
      error: { code: 'VALIDATION_ERROR', message: 'applicant_pii.ssn 900-22-3333 is not allowed' },
    });
    const [line] = output.records();
    expect(line).toMatchObject({
      level: 'WARN',
      trace_id: 'trace-88',
      error_code: 'VALIDATION_ERROR',
      field: 'applicant_pii.ssn',
      reason: 'applicant_pii.ssn [REDACTED] is not allowed',
    });
    expect(output.text()).not.toContain('900-22-3333');
  });

  it('re-throws any other error so Lambda retries, after logging it with the trace id', async () => {
    const outage = new Error('connect ECONNREFUSED 127.0.0.1:443');
    const handler = asyncJobHandler(
      async () => {
        throw outage;
      },
      { logger: log },
    );
    await expect(handler(job('trace-99'), lambdaContext('job-req-2'))).rejects.toBe(outage);
    expect(output.records()[0]).toMatchObject({
      level: 'ERROR',
      trace_id: 'trace-99',
      request_id: 'job-req-2',
      error: { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:443' },
    });
  });

  it('keeps each invocation sensitive values when invocations overlap in one process', async () => {
    let releaseFirst: () => void = () => undefined;
    const firstMayLog = new Promise<void>((resolve) => (releaseFirst = resolve));
    const handler = asyncJobHandler(
      async (event: { ssn: string; wait: boolean }) => {
        registerSensitiveValues(event.ssn);
        if (event.wait) await firstMayLog;
        log.info(`ssn ${event.ssn}`);
      },
      { logger: log },
    );
    const first = handler({ ssn: '111-22-3333', wait: true }, lambdaContext('overlap-1'));
    // The second invocation starts (and gets its own, empty list) while the first is still running.
    await handler({ ssn: '444-55-6666', wait: false }, lambdaContext('overlap-2'));
    releaseFirst();
    await first;
    expect(output.records().map((r) => r.message)).toEqual(['ssn [REDACTED]', 'ssn [REDACTED]']);
    expect(output.text()).not.toMatch(/111-22-3333|444-55-6666/);
  });

  it('ignores a trace id that is not a string and does not carry keys across invocations', async () => {
    const handler = asyncJobHandler(
      async () => {
        log.info('tick');
      },
      { logger: log },
    );
    await handler(job('trace-first'), lambdaContext('r1'));
    await handler(job({ injected: true }), lambdaContext('r2'));
    const [first, second] = output.records();
    expect(first).toMatchObject({ trace_id: 'trace-first', request_id: 'r1' });
    expect(second).toMatchObject({ request_id: 'r2' });
    expect(second).not.toHaveProperty('trace_id');
  });
});

describe('remainingTimeMs and deadlineSignal', () => {
  it('reads the remaining time from the context', () => {
    expect(remainingTimeMs({ getRemainingTimeInMillis: () => 5_000 })).toBe(5_000);
    expect(remainingTimeMs({ getRemainingTimeInMillis: () => -5 })).toBe(0);
  });

  it('aborts reserveMs before the Lambda deadline with a TimeoutError', async () => {
    // The timer's length is checked, not the wall clock: a busy machine delays timers, never shortens them.
    const timeout = vi.spyOn(AbortSignal, 'timeout');
    const signal = deadlineSignal({ getRemainingTimeInMillis: () => 250 }, 200);
    expect(timeout).toHaveBeenCalledWith(50);
    expect(signal.aborted).toBe(false);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
    timeout.mockRestore();
  });

  it('takes a fractional reserve (a share of the timeout), in whole milliseconds', () => {
    const timeout = vi.spyOn(AbortSignal, 'timeout');
    const signal = deadlineSignal({ getRemainingTimeInMillis: () => 2_999 }, 2_999 / 10);
    expect(timeout).toHaveBeenCalledWith(2_699);
    expect(signal.aborted).toBe(false);
    timeout.mockRestore();
  });

  it('is already aborted when the reserve exceeds the remaining time', () => {
    const signal = deadlineSignal(lambdaContext('r', 100), 500);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('also aborts with the caller signal', () => {
    const caller = new AbortController();
    const signal = deadlineSignal(lambdaContext('r', 60_000), 1_000, caller.signal);
    caller.abort(new Error('client went away'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('client went away');
  });
});
