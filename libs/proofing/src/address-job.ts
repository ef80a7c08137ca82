import { performance } from 'node:perf_hooks';
import {
  validateProofAddressInput,
  type AddressCallback,
  type AddressResult,
  type ProofAddressInput,
} from '@backend/contracts';
import { ValidationError, logger, registerSensitiveValues, validatorFrom } from '@backend/platform';
import { VendorTimeoutError, type AddressVendor, type VendorVerdict } from '@backend/vendors';
import { deliverCallback, type CallbackOptions } from './callback.js';
import { checkCallbackUrl, resultIdOf, type CallbackPolicy } from './callback-url.js';
import { untilAborted, type JobDeadlines } from './deadline.js';
import { exceptionText } from './exception.js';

const validateInput = validatorFrom(validateProofAddressInput);

export interface AddressJobDependencies {
  vendor: AddressVendor;
  /** The address job's X-API-AUTH-TOKEN, read from SSM (cached). */
  callbackToken: () => Promise<string>;
  policy: CallbackPolicy;
  deadlines: JobDeadlines;
  callbackOptions?: CallbackOptions;
}

export interface JobSummary {
  result_id: string;
  success: boolean;
  timed_out: boolean;
  callback_status: number;
}

/**
 * Runs one address proofing job: checks where the result may go, proofs the phone with the vendor inside the
 * deadline, and POSTs `{ address_result }` to the IDP. Input that fails the schema still gets a
 * `success: false` result at the callback, so the IDP's user is not left waiting for its timeout.
 * Throws a ValidationError when there is no callback_url it may call, and CallbackDeliveryError when the
 * IDP could not be reached (Lambda then retries the job).
 */
export async function runAddressJob(event: unknown, deps: AddressJobDependencies): Promise<JobSummary> {
  const url = checkCallbackUrl((event as { callback_url?: unknown } | null)?.callback_url, deps.policy);
  const resultId = resultIdOf(url);
  logger.appendKeys({ job: 'address', result_id: resultId });

  // Known before validation, so that even a malformed applicant's values are redacted from every log line.
  const pii = (event as { applicant_pii?: unknown }).applicant_pii;
  if (pii && typeof pii === 'object') registerSensitiveValues(...Object.values(pii));

  let result: AddressResult;
  try {
    const input = validateInput(event);
    result = await proofAddress(input, deps);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    logger.warn('address job input rejected', { error_code: error.code, field: error.field });
    result = failedResult(deps.vendor.name, `ValidationError: ${error.message}`);
  }

  const body: AddressCallback = { address_result: result };
  const delivery = await deliverCallback(
    { url, token: await deps.callbackToken(), body, signal: deps.deadlines.job },
    deps.callbackOptions,
  );
  logger.info('address job delivered', {
    success: result.success,
    timed_out: result.timed_out,
    callback_status: delivery.status,
    callback_attempts: delivery.attempts,
  });
  return {
    result_id: resultId,
    success: result.success,
    timed_out: result.timed_out,
    callback_status: delivery.status,
  };
}

async function proofAddress(input: ProofAddressInput, deps: AddressJobDependencies): Promise<AddressResult> {
  const { vendor, deadlines } = deps;
  const started = performance.now();
  let verdict: VendorVerdict | undefined;
  let error: unknown;
  try {
    verdict = await untilAborted(
      vendor.proof(input.applicant_pii, { signal: deadlines.vendor }),
      deadlines.vendor,
      () => new VendorTimeoutError('address vendor did not answer in time'),
    );
  } catch (caught) {
    error = caught;
  }
  const vendorMs = Math.round(performance.now() - started);
  const timedOut = error instanceof VendorTimeoutError;
  logger.info('address vendor answered', {
    vendor: vendor.name,
    vendor_ms: vendorMs,
    outcome: verdict ? (verdict.success ? 'pass' : 'fail') : timedOut ? 'timeout' : 'error',
    ...(error ? { error_class: (error as Error).name ?? 'unknown' } : {}),
  });
  if (!verdict) return { ...failedResult(vendor.name, exceptionText(error)), timed_out: timedOut };
  return {
    success: verdict.success,
    errors: verdict.errors,
    messages: verdict.messages,
    exception: null,
    timed_out: false,
    transaction_id: verdict.transaction_id,
    context: { stages: [{ address: vendor.name }] },
  };
}

function failedResult(vendorName: string, exception: string): AddressResult {
  return {
    success: false,
    errors: {},
    messages: [],
    exception,
    timed_out: false,
    transaction_id: null,
    context: { stages: [{ address: vendorName }] },
  };
}
