export {
  addressCallbackSchema,
  proofAddressInputSchema,
  type AddressCallback,
  type AddressResult,
  type ProofAddressInput,
} from './proofing/address.js';
export {
  documentCallbackSchema,
  proofDocumentInputSchema,
  type DocumentCallback,
  type DocumentResult,
  type ProofDocumentInput,
} from './proofing/document.js';
export {
  proofResolutionInputSchema,
  resolutionCallbackSchema,
  type ProofResolutionInput,
  type ResolutionCallback,
  type ResolutionResult,
} from './proofing/resolution.js';
export { exportedSchemas } from './exported.js';
export {
  validateProofAddressInput,
  validateProofDocumentInput,
  validateProofResolutionInput,
  validateSendMessageRequest,
} from './validators.js';
export {
  CALLBACK_SIGNATURE_HEADER,
  SIGNATURE_MAX_AGE_SECONDS,
  SIGNATURE_MAX_FUTURE_SKEW_SECONDS,
  callbackSigningInput,
  checkCallbackSignature,
  verifyCallbackSignature,
  type SignatureVerdict,
  type SignedCallback,
} from './proofing/callback-signature.js';
export {
  JOB_TYPES,
  callbackSigningKeyParameterName,
  callbackTokenParameterName,
  isJobType,
  jobTypeVariable,
  type JobType,
} from './proofing/job-types.js';
export {
  LOCAL_ENVIRONMENT,
  LOCAL_RECAPTCHA_SECRET_KEY,
  LOCAL_RECAPTCHA_VERIFY_PATH,
  type BucketCorsRule,
  type BucketDeclaration,
  type BucketNotification,
  type EnvValue,
  type FunctionDeclaration,
  type JwtAuthorizerDeclaration,
  type KeyAttribute,
  type KeyType,
  type OAuthClientDeclaration,
  type ParameterDeclaration,
  type QueueDeclaration,
  type RouteDeclaration,
  type SecretDeclaration,
  type ServiceDeclaration,
  type SqsEventSource,
  type TableDeclaration,
} from './service-declaration.js';
export {
  MAX_EMAIL_MESSAGE_CHARACTERS,
  MAX_MESSAGE_PAGE_SIZE,
  MAX_MESSAGE_REQUEST_BYTES,
  MAX_SMS_MESSAGE_CHARACTERS,
  MAX_SUBJECT_CHARACTERS,
  MESSAGE_CHANNELS,
  MESSAGE_STATUSES,
  acceptedMessageSchema,
  errorEnvelopeSchema,
  messagePageSchema,
  messageViewSchema,
  sendMessageRequestSchema,
  type MessageChannel,
  type MessageStatus,
  type MessageView,
  type SendMessageRequest,
} from './messages/api.js';
export { messagesOpenApi } from './messages/openapi.js';
