// AWS errors that say "not now" rather than "never": throttling and the service's own faults, by the names
// DynamoDB, SQS, SES and SNS give them. The SDK has already retried them by the time a caller sees one.
const TRANSIENT_AWS_ERRORS = new Set([
  'ProvisionedThroughputExceeded',
  'Throttling',
  'Throttled',
  'TooManyRequests',
  'RequestLimitExceeded',
  'RequestThrottled',
  'InternalServerError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'KMSThrottling',
]);

// Node's and the SDK's names for a request that got no answer: the connection dropped or timed out.
const NETWORK_ERRORS = new Set(['TimeoutError', 'RequestTimeout', 'AbortError']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

/** An error with `$metadata.httpStatusCode` is an answer of the service; one without it never reached it. */
export const wasAnswered = (error: unknown): boolean =>
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode !== undefined;

/** Whether an AWS call failed in a way that trying again later may fix. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const details = error as Error & { $fault?: string; code?: string; $metadata?: unknown };
  // The SDK names modelled errors with an `Exception` suffix (SNS's `ThrottledException`), others by their code.
  if (TRANSIENT_AWS_ERRORS.has(error.name.replace(/Exception$/, '')) || details.$fault === 'server')
    return true;
  if (NETWORK_ERRORS.has(error.name)) return true;
  return details.code !== undefined && NETWORK_CODES.has(details.code);
}
