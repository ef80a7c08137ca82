export {
  startCallbackReceiver,
  type CallbackReceiver,
  type CallbackReceiverOptions,
  type RecordedRequest,
} from './callback-receiver.js';
export {
  FaultControlError,
  RecaptchaTokenRequestError,
  TerraformForEachError,
  WaitTimeoutError,
} from './errors.js';
export { overrideDeclaration, type DeclarationOverrides } from './declarations.js';
export { clearFaults, injectFault, listFaults, type FaultTarget } from './faults.js';
export { mailsTo, sentMail, sentSms, waitFor, waitForMail, type SentMail, type SentSms } from './outbox.js';
export { invokeFirstTime, type FirstInvocation, type FirstInvocationOptions } from './first-invocation.js';
export {
  startLocalCloud,
  type ClientConfig,
  type InvokeOptions,
  type InvokeResult,
  type StartLocalCloudOptions,
  type TestLocalCloud,
} from './local-cloud.js';
export {
  licensesCsv,
  sampleLicense,
  startLicensingHarness,
  type LicensingHarness,
  type LicensingNames,
} from './licensing-harness.js';
export { clientCredentialsToken } from './oauth.js';
export { albEvent, type AlbEventInput } from './http-events.js';
export {
  countLogMessages,
  startProofingHarness,
  type ProofingHarness,
  type ProofingJobType,
} from './proofing-harness.js';
export { recaptchaToken } from './recaptcha.js';
export { expandForEach, type ForEachInstance, type HclBody } from './terraform-for-each.js';
export { httpApiEvent, lambdaContext, type HttpApiEventInput } from './http-events.js';
export {
  loadHttpFunction,
  type HttpFunction,
  type HttpFunctionAnswer,
  type HttpHandlerModule,
} from './http-function.js';
export {
  SEEDED_HASH_PARAMETERS,
  startAccountsFunctionHarness,
  type AccountsFunctionHarness,
  type AccountsSeeder,
} from './accounts-harness.js';
