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
  validateChangePasswordInput,
  validateCreateUserInput,
  validateLoginInput,
  validateLostPasswordInput,
  validateResetPasswordInput,
  validateVerifyUserInput,
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
  type BucketCorsRule,
  type BucketDeclaration,
  type BucketNotification,
  type EnvValue,
  type FunctionDeclaration,
  type IdentityPoolDeclaration,
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
  acceptedOutputSchema,
  changePasswordInputSchema,
  createUserInputSchema,
  doneOutputSchema,
  errorOutputSchema,
  loginInputSchema,
  loginOutputSchema,
  lostPasswordInputSchema,
  resetPasswordInputSchema,
  verifyUserInputSchema,
  type AcceptedOutput,
  type ChangePasswordInput,
  type CreateUserInput,
  type DoneOutput,
  type LoginInput,
  type LoginOutput,
  type LostPasswordInput,
  type ResetPasswordInput,
  type VerifyUserInput,
} from './accounts/schemas.js';
export {
  ACCOUNTS_ROUTES,
  accountsOpenApi,
  accountsRoute,
  type AccountsApp,
  type AccountsRoute,
} from './accounts/routes.js';
