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
  validateLicenseInput,
} from './validators.js';
export {
  COMPACTS,
  COMPACT_LICENSE_TYPES,
  JURISDICTIONS,
  LICENSE_FIELDS,
  LICENSE_TYPES,
  MAX_LICENSES_PER_REQUEST,
  REQUIRED_LICENSE_FIELDS,
  isCompact,
  isJurisdiction,
  licenseSchema,
  type Compact,
  type Jurisdiction,
  type License,
  type LicenseField,
} from './licensing/license.js';
export { licensingOpenApi } from './licensing/openapi.js';
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
