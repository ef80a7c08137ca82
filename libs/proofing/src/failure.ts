import type { JobType } from '@backend/contracts';
import { ValidationError, logger, registerSensitiveValues } from '@backend/platform';
import { deliverCallback, type CallbackDelivery, type CallbackOptions } from './callback.js';
import { checkCallbackUrl, resultIdOf, type CallbackPolicy } from './callback-url.js';
import { jobTypeOfFunction } from './job-types.js';
import { failedResult } from './results.js';

/** What Lambda sends to an on-failure destination once an async invocation's retries are spent. */
interface DestinationRecord {
  requestContext?: { functionArn?: unknown; condition?: unknown };
  requestPayload?: { callback_url?: unknown; applicant_pii?: unknown; encryption_key?: unknown };
  responsePayload?: { errorType?: unknown };
}

export interface FailureReportDependencies {
  /** The X-API-AUTH-TOKEN of each job type. */
  callbackToken: (type: JobType) => Promise<string>;
  /** The callback signing key (X-Signature) of each job type. */
  callbackSigningKey: (type: JobType) => Promise<string>;
  policy: CallbackPolicy;
  signal: AbortSignal;
  callbackOptions?: CallbackOptions;
}

/**
 * Tells the IDP at once that a job failed for good, instead of leaving its user waiting for the 60-second
 * timeout: POSTs a `success: false` result with an exception naming the failure to the job's callback_url.
 * A record this cannot act on throws a ValidationError, so that after its receives it rests in the DLQ.
 */
export async function reportFailedJob(
  record: unknown,
  deps: FailureReportDependencies,
): Promise<CallbackDelivery> {
  const { requestContext, requestPayload, responsePayload } = (record ?? {}) as DestinationRecord;
  if (requestPayload?.applicant_pii && typeof requestPayload.applicant_pii === 'object') {
    registerSensitiveValues(...Object.values(requestPayload.applicant_pii));
  }
  registerSensitiveValues(requestPayload?.encryption_key);

  const functionArn = typeof requestContext?.functionArn === 'string' ? requestContext.functionArn : '';
  const type = jobTypeOfFunction(functionArn);
  if (!type)
    throw new ValidationError('record is not from a proofing job', { field: 'requestContext.functionArn' });
  const url = checkCallbackUrl(requestPayload?.callback_url, deps.policy);
  logger.appendKeys({ job: type, result_id: resultIdOf(url) });

  // The error type is a class name; anything else the function said could carry a vendor's words or PII.
  const errorType =
    String(responsePayload?.errorType ?? 'Error')
      .replace(/[^\w.]/g, '')
      .slice(0, 64) || 'Error';
  const exception = `JobFailedError: the ${type} job failed after its retries (${errorType})`;
  const delivery = await deliverCallback(
    {
      url,
      token: await deps.callbackToken(type),
      signingKey: await deps.callbackSigningKey(type),
      body: { [`${type}_result`]: failedResult(type, exception) },
      signal: deps.signal,
    },
    deps.callbackOptions,
  );
  logger.info('job failure reported', {
    condition: String(requestContext?.condition ?? ''),
    error_type: errorType,
    callback_status: delivery.status,
  });
  return delivery;
}
