// AWS errors that say "not now" rather than "never", as a caller sees them once the SDK's own retries are spent.

/** Throttling, by the names DynamoDB, Cognito and the services' common errors give it. */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
  'TooManyRequestsException',
]);

/**
 * Whether an AWS SDK error is the service throttling or failing on its side (`$fault: 'server'`): an answer of the
 * service (it carries `$metadata`) that the same request may not get later. A request the caller got wrong, or an
 * error that is not the SDK's, is not.
 */
export function isTransientAwsError(error: unknown): boolean {
  const sdk = error as { name?: unknown; $fault?: unknown; $metadata?: unknown } | null;
  return (
    typeof sdk === 'object' &&
    sdk !== null &&
    sdk.$metadata !== undefined &&
    (sdk.$fault === 'server' || THROTTLING.has(String(sdk.name)))
  );
}
