import { performance } from 'node:perf_hooks';
import { logger } from '@backend/platform';
import { VendorTimeoutError } from '@backend/vendors';
import { untilAborted } from './deadline.js';
import { exceptionText } from './exception.js';

export type VendorOutcome<T> = { ok: true; verdict: T } | { ok: false; exception: string; timedOut: boolean };

/**
 * Calls one vendor inside the vendors' deadline and logs its name, time and outcome (never its answer).
 * A vendor still busy at the deadline counts as timed out; its late answer is ignored.
 */
export async function callVendor<T extends { success: boolean }>(
  vendorName: string,
  signal: AbortSignal,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<VendorOutcome<T>> {
  const started = performance.now();
  let outcome: VendorOutcome<T>;
  let errorClass: string | undefined;
  try {
    const verdict = await untilAborted(
      call(signal),
      signal,
      () => new VendorTimeoutError(`${vendorName} did not answer in time`),
    );
    outcome = { ok: true, verdict };
  } catch (error) {
    errorClass = error instanceof Error ? error.name : typeof error;
    outcome = { ok: false, exception: exceptionText(error), timedOut: error instanceof VendorTimeoutError };
  }
  logger.info('vendor answered', {
    vendor: vendorName,
    vendor_ms: Math.round(performance.now() - started),
    outcome: outcome.ok
      ? outcome.verdict.success
        ? 'pass'
        : 'fail'
      : outcome.timedOut
        ? 'timeout'
        : 'error',
    ...(errorClass ? { error_class: errorClass } : {}),
  });
  return outcome;
}
