import { MailDeliveryError, ServiceUnavailableError } from './errors.js';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
  'TooManyRequestsException',
]);

/**
 * An AWS service throttled or failing beyond the SDK's own retries, or SES refusing a mail: a 503 the caller may
 * retry (for operations that are safe to repeat). Anything else is returned as it is.
 */
export function asServiceUnavailable(error: unknown): unknown {
  if (error instanceof MailDeliveryError) {
    return new ServiceUnavailableError('The mail could not be sent; try again shortly', { cause: error });
  }
  const sdk = error as { name?: unknown; $fault?: unknown; $metadata?: unknown } | null;
  if (
    typeof sdk === 'object' &&
    sdk !== null &&
    sdk.$metadata !== undefined &&
    (sdk.$fault === 'server' || THROTTLING.has(String(sdk.name)))
  ) {
    return new ServiceUnavailableError(undefined, { cause: error });
  }
  return error;
}
