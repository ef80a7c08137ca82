import type { JobType } from '@backend/contracts';
import { ValidationError, logger, registerSensitiveValues } from '@backend/platform';
import type { Context } from 'aws-lambda';
import { deliverCallback, type CallbackDelivery, type CallbackOptions } from './callback.js';
import { checkCallbackUrl, resultIdOf, type CallbackPolicy } from './callback-url.js';
import type { JobDeadlines } from './deadline.js';
import { CallbackRejectedError } from './errors.js';
import type { OutcomeStore } from './outcome-store.js';

/** What every result carries that the runner reads. */
interface ResultCore {
  success: boolean;
  timed_out?: boolean;
}

/** One kind of proofing job: how to proof a payload, and what to answer when it cannot. */
export interface ProofingJob<Event, Result extends ResultCore> {
  readonly type: JobType;
  /** Strings of the payload that must never reach a log line (they are redacted wherever they appear). */
  sensitiveValues(event: Event): unknown[];
  /** Validates the payload and proofs it. A ValidationError becomes `failed('ValidationError: …')`. */
  proof(event: Event, deadlines: JobDeadlines): Promise<Result>;
  failed(exception: string): Result;
  /**
   * Runs once the IDP is done with the result: delivered, or refused for good (e.g. deleting the images),
   * within the job's deadline.
   */
  afterDelivery?(event: Event, deadlines: JobDeadlines): Promise<void>;
}

/** What a job needs from its environment; the handler builds it, tests inject it. */
export interface JobRuntime {
  /** The job type's X-API-AUTH-TOKEN, read from SSM (cached). */
  callbackToken: () => Promise<string>;
  /** The job type's callback signing key (X-Signature), read from SSM (cached); never sent. */
  callbackSigningKey: () => Promise<string>;
  policy: CallbackPolicy;
  deadlines: JobDeadlines;
  /** Stores the first outcome of each result id; without it every invocation proofs again. */
  outcomes?: OutcomeStore;
  context?: Context;
  callbackOptions?: CallbackOptions;
}

export interface JobSummary {
  result_id: string;
  success: boolean;
  timed_out: boolean;
  callback_status: number;
}

/**
 * Runs one proofing job: checks where the result may go, proofs the payload once per result id (a retried
 * invocation reuses the stored outcome and only calls back again), and POSTs `{ <type>_result }` to the IDP.
 * A payload that fails the schema still gets a `success: false` result at the callback, so the IDP's user is
 * not left waiting for the timeout. Throws a ValidationError when there is no callback_url it may call, and
 * CallbackDeliveryError when the IDP could not be reached or answered a redirect (Lambda then retries the job,
 * and the failure path reports it); a result the IDP refuses with a 4xx is final.
 */
export async function runJob<Event, Result extends ResultCore>(
  job: ProofingJob<Event, Result>,
  event: Event,
  runtime: JobRuntime,
): Promise<JobSummary> {
  const url = checkCallbackUrl((event as { callback_url?: unknown } | null)?.callback_url, runtime.policy);
  const resultId = resultIdOf(url);
  logger.appendKeys({ job: job.type, result_id: resultId });
  registerSensitiveValues(...job.sensitiveValues(event));
  // The callback's secrets are read before anything is proofed: one that cannot be read fails the job before a
  // vendor is called (and billed) for a result that could not be sent.
  const [token, signingKey] = await Promise.all([runtime.callbackToken(), runtime.callbackSigningKey()]);

  const proof = async (): Promise<Result> => {
    try {
      return await job.proof(event, runtime.deadlines);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      logger.warn('job input rejected', { error_code: error.code, field: error.field });
      return job.failed(`ValidationError: ${error.message}`);
    }
  };
  const result = runtime.outcomes
    ? await runtime.outcomes.remember(url.href, proof, runtime.context)
    : await proof();

  const summary = { result_id: resultId, success: result.success, timed_out: result.timed_out ?? false };
  let delivery: CallbackDelivery;
  try {
    delivery = await deliverCallback(
      {
        url,
        token,
        signingKey,
        body: { [`${job.type}_result`]: result },
        signal: runtime.deadlines.job,
      },
      runtime.callbackOptions,
    );
  } catch (error) {
    // The IDP refused the result for good (401 wrong token, 404 unknown or expired result id): a retry would be
    // refused the same way, so the job ends here instead of going round Lambda's retries and the failure queue.
    if (!(error instanceof CallbackRejectedError)) throw error;
    logger.error('job result refused by the IDP', { callback_status: error.status });
    await job.afterDelivery?.(event, runtime.deadlines);
    return { ...summary, callback_status: error.status };
  }
  logger.info('job result delivered', {
    success: result.success,
    timed_out: result.timed_out ?? false,
    callback_status: delivery.status,
    callback_attempts: delivery.attempts,
  });
  await job.afterDelivery?.(event, runtime.deadlines);
  return { ...summary, callback_status: delivery.status };
}
