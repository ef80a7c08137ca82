export { loadConfig, lazyConfig, type Env, type LazyConfig } from './config.js';
export {
  AppError,
  ConfigError,
  ConflictError,
  ForbiddenError,
  InsufficientScopeError,
  InvalidMailError,
  InvalidTokenError,
  JwksUnavailableError,
  MailDeliveryError,
  MalformedJsonError,
  NotFoundError,
  OutboundHttpError,
  ParameterError,
  TemplateValueError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedEventError,
  UnsupportedMediaTypeError,
  UnsupportedS3EventError,
  ValidationError,
  isAppError,
  type AppErrorOptions,
  type TokenRejectionReason,
} from './errors.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  httpHandler,
  type HttpApiEvent,
  type HttpEvent,
  type HttpHandlerOptions,
  type HttpRequest,
  type HttpResponse,
  type HttpResult,
  type HttpRoute,
} from './http.js';
export {
  asyncJobHandler,
  deadlineSignal,
  remainingTimeMs,
  type AsyncJobHandlerOptions,
  type JobFailure,
  type JobRunner,
} from './job.js';
export {
  REDACTED,
  RedactingLogFormatter,
  clearSensitiveValues,
  createLogger,
  isSensitiveKey,
  logger,
  redactString,
  redactValue,
  registerSensitiveValues,
  withSensitiveValueScope,
  type Logger,
  type LoggerOptions,
} from './logger.js';
export {
  DEFAULT_MAX_AGE_SECONDS,
  getSecret,
  getSecureParameter,
  type SecretOptions,
  type SecureParameterOptions,
} from './parameters.js';
export {
  parseJsonRecord,
  sqsBatchHandler,
  type SqsBatchHandlerOptions,
  type SqsRecordHandler,
} from './sqs.js';
export { compileValidator, sharedAjv } from './compile.js';
export { describeError, errorField, validatorFrom } from './validation.js';
export { httpRequest, type HttpClient, type OutboundRequest, type OutboundResponse } from './outbound.js';
export { decodeS3EventKey, parseS3EventRecord, type S3ObjectEvent } from './s3-events.js';
export {
  bearerToken,
  createJwtVerifier,
  requireAnyScope,
  requireScopes,
  scopesOf,
  type AuthClaims,
  type JwtAlgorithm,
  type JwtVerifier,
  type JwtVerifierOptions,
} from './jwt.js';
export {
  MAX_MAIL_RECIPIENTS,
  createMailer,
  isMailAddress,
  mailTemplate,
  type MailRecipients,
  type MailTemplate,
  type Mailer,
  type MailerOptions,
  type RenderedMail,
  type SentMail,
} from './mailer.js';
export { escapeHtml, html, text, type SafeHtml, type TemplateValue } from './template.js';
export { asServiceUnavailable } from './unavailable.js';
