// Names are string literals, not `new.target.name`: minified bundles rename classes.

/** Options every application error accepts: the underlying cause and an optional code and field. */
export interface AppErrorOptions extends ErrorOptions {
  /** Overrides the class's default machine-readable code. */
  code?: string;
  /** The input field at fault, as a dotted path (`applicant_pii.ssn`). */
  field?: string;
}

/**
 * Base of every error that maps to a client response (HTTP 4xx, a job result with `ok: false`).
 * Its message is shown to the client, so it must never contain the offending value.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field?: string;

  constructor(message: string, options: AppErrorOptions & { status: number; code: string }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = options.status;
    this.code = options.code;
    if (options.field !== undefined) this.field = options.field;
  }
}

/** The input is well-formed but breaks a rule of its schema. */
export class ValidationError extends AppError {
  constructor(message = 'Invalid input', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 400, code: options.code ?? 'VALIDATION_ERROR' });
    this.name = 'ValidationError';
  }
}

/** The body is not JSON at all. */
export class MalformedJsonError extends AppError {
  constructor(message = 'Request body is not valid JSON', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 400, code: options.code ?? 'MALFORMED_JSON' });
    this.name = 'MalformedJsonError';
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Unauthorized', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 401, code: options.code ?? 'UNAUTHORIZED' });
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 403, code: options.code ?? 'FORBIDDEN' });
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 404, code: options.code ?? 'NOT_FOUND' });
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends AppError {
  constructor(message = 'Conflict', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 409, code: options.code ?? 'CONFLICT' });
    this.name = 'ConflictError';
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = 'Payload too large', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 413, code: options.code ?? 'PAYLOAD_TOO_LARGE' });
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'Unsupported media type', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 415, code: options.code ?? 'UNSUPPORTED_MEDIA_TYPE' });
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message = 'Too many requests', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 429, code: options.code ?? 'TOO_MANY_REQUESTS' });
    this.name = 'TooManyRequestsError';
  }
}

/** A dependency (DynamoDB, SES) is failing or throttled beyond the SDK's retries: 503, the same request may succeed later. */
export class ServiceUnavailableError extends AppError {
  constructor(message = 'Service temporarily unavailable; try again shortly', options: AppErrorOptions = {}) {
    super(message, { ...options, status: 503, code: options.code ?? 'SERVICE_UNAVAILABLE' });
    this.name = 'ServiceUnavailableError';
  }
}

/** A missing or invalid environment variable. The message names the variable, never its value. */
export class ConfigError extends Error {
  readonly variable: string;

  /** @param problem - what is wrong, completing the sentence "<variable> ..." (`is required`). */
  constructor(variable: string, problem: string, options?: ErrorOptions) {
    super(`${variable} ${problem}`, options);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/** An SSM parameter or a Secrets Manager secret could not be read. Names it, never its value. */
export class ParameterError extends Error {
  readonly parameterName: string;

  constructor(parameterName: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ParameterError';
    this.parameterName = parameterName;
  }
}

/** The Lambda event is of a kind the wrapper does not handle: a wiring mistake, not bad input. */
export class UnsupportedEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnsupportedEventError';
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;

/** An outbound HTTP request failed before a complete answer arrived. */
export class OutboundHttpError extends Error {
  constructor(
    readonly kind: 'network' | 'timeout' | 'aborted' | 'too-large',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'OutboundHttpError';
  }
}

/** Why a bearer token was refused. */
export type TokenRejectionReason =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'unknown-key'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not-yet-valid'
  | 'claims';

/**
 * A bearer token is missing or does not verify: 401. No `cause`: the library's errors carry the token's
 * claims (an email, a name), which would reach a log line with the error.
 */
export class InvalidTokenError extends UnauthorizedError {
  readonly reason: TokenRejectionReason;

  constructor(reason: TokenRejectionReason, message: string) {
    super(message, { code: reason === 'missing' ? 'MISSING_TOKEN' : 'INVALID_TOKEN' });
    this.name = 'InvalidTokenError';
    this.reason = reason;
  }
}

/** A valid token lacks a scope the route requires: 403. The message names the missing scopes. */
export class InsufficientScopeError extends ForbiddenError {
  readonly missingScopes: readonly string[];

  /** `all`: every one of `missingScopes` is needed; `any`: one of them would do. */
  constructor(missingScopes: readonly string[], needed: 'all' | 'any' = 'all') {
    super(
      needed === 'any' && missingScopes.length > 1
        ? `Token lacks one of the scopes ${missingScopes.join(', ')}`
        : `Token lacks the scope ${missingScopes.join(', ')}`,
      { code: 'INSUFFICIENT_SCOPE' },
    );
    this.name = 'InsufficientScopeError';
    this.missingScopes = missingScopes;
  }
}

/** The issuer's JWKS could not be fetched or read: 503, the caller may retry; not the caller's fault. */
export class JwksUnavailableError extends AppError {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, status: 503, code: 'AUTH_UNAVAILABLE' });
    this.name = 'JwksUnavailableError';
  }
}

/** An SQS message that is not an S3 event notification the parser knows: the record fails with this reason. */
export class UnsupportedS3EventError extends ValidationError {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, code: 'UNSUPPORTED_S3_EVENT' });
    this.name = 'UnsupportedS3EventError';
  }
}

/** A template was given a value it cannot render (`undefined`, an object, HTML in a text template): a code mistake. */
export class TemplateValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateValueError';
  }
}

/** A mail the mailer refuses to send: a malformed address, too many recipients, a subject with a line break. */
export class InvalidMailError extends ValidationError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, { ...options, code: options.code ?? 'INVALID_MAIL' });
    this.name = 'InvalidMailError';
  }
}

/**
 * SES did not accept a mail. `retryable` for throttling and SES's own failures; the message names SES's error, never
 * an address (SES's own message, in `cause`, may name one: the logger redacts the recipients the mailer registered).
 */
export class MailDeliveryError extends Error {
  readonly sesError: string;
  readonly retryable: boolean;

  constructor(sesError: string, retryable: boolean, options?: ErrorOptions) {
    super(`SES did not accept the mail (${sesError})`, options);
    this.name = 'MailDeliveryError';
    this.sesError = sesError;
    this.retryable = retryable;
  }
}
