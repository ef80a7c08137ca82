import {
  AppError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
  type AppErrorOptions,
} from '@backend/platform';

/** No API key, one that was never issued, or a revoked one: 401, the same answer for each. */
export class InvalidApiKeyError extends UnauthorizedError {
  constructor(message = 'A valid API key is required in the x-api-key header') {
    super(message, { code: 'INVALID_API_KEY' });
    this.name = 'InvalidApiKeyError';
  }
}

/** The key may not send to or read this recipient's mailbox: 403. The message never names the recipient. */
export class RecipientOutOfScopeError extends ForbiddenError {
  constructor() {
    super('This API key may not send to or read this recipient', {
      code: 'RECIPIENT_OUT_OF_SCOPE',
      field: 'msg_id',
    });
    this.name = 'RecipientOutOfScopeError';
  }
}

/** The key used up its requests of the current window: 429, with the seconds until the next window. */
export class RateLimitedError extends TooManyRequestsError {
  constructor(readonly retryAfterSeconds: number) {
    super(`This API key's request rate limit is used up; retry in ${retryAfterSeconds} s`, {
      code: 'RATE_LIMITED',
    });
    this.name = 'RateLimitedError';
  }
}

export class MessageNotFoundError extends NotFoundError {
  constructor() {
    super('No such message in this mailbox', { code: 'MESSAGE_NOT_FOUND' });
    this.name = 'MessageNotFoundError';
  }
}

/** An Idempotency-Key sent again with another request body: 422, as the IETF Idempotency-Key draft says. */
export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super('This Idempotency-Key was used with another request body', {
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'Idempotency-Key',
    });
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** DynamoDB or SQS stayed unavailable through the SDK's retries: 503, the caller may retry (with its key). */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, { ...options, status: 503, code: options.code ?? 'SERVICE_UNAVAILABLE' });
    this.name = 'ServiceUnavailableError';
  }
}

/** An API key's settings that cannot be stored (the keys tool): names the setting, never a key. */
export class ApiKeySettingsError extends ValidationError {
  constructor(message: string, field: string) {
    super(message, { code: 'INVALID_API_KEY_SETTINGS', field });
    this.name = 'ApiKeySettingsError';
  }
}

/** The content keyring secret is not a keyring: an operator's mistake, never the caller's (500). */
export class ContentKeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContentKeyringError';
  }
}

/**
 * SES or SNS did not take a message. `permanent` when sending it again cannot help (a refused address, an
 * invalid number, a rejected message); otherwise it is retried. `reason` is the provider's error name, no PII.
 */
export class DeliveryError extends Error {
  constructor(
    readonly reason: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(`${permanent ? 'Permanent' : 'Transient'} delivery failure (${reason})`, options);
    this.name = 'DeliveryError';
  }
}
