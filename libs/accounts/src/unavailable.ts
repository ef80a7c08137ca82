import { MailDeliveryError, ServiceUnavailableError } from '@backend/platform';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
  'TooManyRequestsException',
]);

/**
 * DynamoDB or Cognito throttled or failing beyond the SDK's own retries, or SES refusing a mail: 503, which the
 * caller may retry (every operation here is safe to repeat). Anything else is left as it is.
 */
export function asUnavailable(error: unknown): unknown {
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
