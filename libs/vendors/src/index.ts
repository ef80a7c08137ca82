export { AcuantAssureIdVendor, type AcuantAssureIdOptions } from './acuant/client.js';
export type { AcuantConfig } from './acuant/config.js';
export { AamvaStateIdVendor, type AamvaClientOptions } from './aamva/state-id.js';
export type { AamvaConfig } from './aamva/config.js';
export { createAddressVendor } from './address/factory.js';
export { MockAddressVendor } from './address/mock.js';
export type { AddressApplicant, AddressVendor } from './address/types.js';
export type {
  DocumentCallOptions,
  DocumentImages,
  DocumentPii,
  DocumentVendor,
  DocumentVerdict,
} from './document/types.js';
export { createDocumentVendor } from './document/factory.js';
export { MOCK_DOCUMENT_PII, MockDocumentVendor } from './document/mock.js';
export { emptyDocumentVerdict } from './document/verdict.js';
export { FlagNotDeclaredError, VendorConfigError, VendorError, VendorTimeoutError } from './errors.js';
export type { LexisNexisConfig } from './lexisnexis/config.js';
export { LexisNexisInstantVerify } from './lexisnexis/instant-verify.js';
export { LexisNexisPhoneFinder, type LexisNexisClientOptions } from './lexisnexis/phone-finder.js';
export { createResolutionVendor } from './resolution/factory.js';
export { MockResolutionVendor } from './resolution/mock.js';
export type { ResolutionApplicant, ResolutionVendor } from './resolution/types.js';
export type { SecretSource } from './shared/secret-config.js';
export type { VendorSelection } from './shared/selection.js';
export { VENDOR_SECRET_KINDS, checkVendorSecret, type VendorSecretKind } from './shared/vendor-secrets.js';
export { createStateIdVendor } from './state-id/factory.js';
export { MOCK_SUPPORTED_JURISDICTIONS, MockStateIdVendor } from './state-id/mock.js';
export type { StateIdApplicant, StateIdVendor, StateIdVerdict } from './state-id/types.js';
export type { VendorCallOptions, VendorVerdict } from './types.js';
export { FLAG_NAME_PATTERN, declareFlags } from './flags/declarations.js';
export { createFeatureFlags, type FlagSourceSelection } from './flags/factory.js';
export { FixedFeatureFlags } from './flags/fixed.js';
export { SsmFeatureFlags, type SsmFeatureFlagsOptions } from './flags/ssm.js';
export { StatsigFeatureFlags, type StatsigFeatureFlagsOptions } from './flags/statsig.js';
export type {
  FeatureFlags,
  FlagContext,
  FlagDeclaration,
  FlagDeclarations,
  FlagLogger,
} from './flags/types.js';
export type {
  RecaptchaExpectation,
  RecaptchaFailureReason,
  RecaptchaResult,
  RecaptchaVerifier,
} from './recaptcha/types.js';
export {
  GoogleRecaptchaVerifier,
  RECAPTCHA_VERIFY_URL,
  type RecaptchaOptions,
} from './recaptcha/verifier.js';
