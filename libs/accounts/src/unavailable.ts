// DynamoDB or Cognito throttled or failing beyond the SDK's own retries, or SES refusing a mail: 503, which the
// caller may retry (every operation here is safe to repeat); the platform's one mapping, shared with the other APIs.
export { asServiceUnavailable as asUnavailable } from '@backend/platform';
