import { MailDeliveryError, ServiceUnavailableError, isTransientAwsError } from '@backend/platform';

/**
 * DynamoDB or Cognito throttled or failing beyond the SDK's own retries, or SES refusing a mail: 503, which the
 * caller may retry (every operation here is safe to repeat). Anything else is left as it is.
 */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof MailDeliveryError) {
    return new ServiceUnavailableError('The mail could not be sent; try again shortly', { cause: error });
  }
  if (isTransientAwsError(error)) return new ServiceUnavailableError(undefined, { cause: error });
  return error;
}
