import { describe, expect, it } from 'vitest';
import { isTransientAwsError } from '../../src/index.js';

const sdkError = (name: string, fault: 'client' | 'server') =>
  Object.assign(new Error(name), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode: fault === 'server' ? 500 : 400 },
  });

describe('isTransientAwsError', () => {
  it.each([
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'RequestLimitExceeded',
    'TooManyRequestsException',
  ])('takes %s (throttling past the SDK retries) as transient', (name) =>
    expect(isTransientAwsError(sdkError(name, 'client'))).toBe(true),
  );

  it("takes any fault on the service's side as transient", () => {
    expect(isTransientAwsError(sdkError('InternalServerError', 'server'))).toBe(true);
  });

  it('does not take a refused request, a plain error or a non-error as transient', () => {
    expect(isTransientAwsError(sdkError('ValidationException', 'client'))).toBe(false);
    expect(isTransientAwsError(sdkError('ConditionalCheckFailedException', 'client'))).toBe(false);
    // The same name without the SDK's metadata is not an answer of AWS.
    expect(isTransientAwsError(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe(false);
    expect(isTransientAwsError(undefined)).toBe(false);
    expect(isTransientAwsError('ThrottlingException')).toBe(false);
  });
});
