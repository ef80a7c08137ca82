export {
  startCallbackReceiver,
  type CallbackReceiver,
  type CallbackReceiverOptions,
  type RecordedRequest,
} from './callback-receiver.js';
export { FaultControlError, TerraformForEachError, WaitTimeoutError } from './errors.js';
export { clearFaults, injectFault, listFaults, type FaultTarget } from './faults.js';
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
export {
  countLogMessages,
  startProofingHarness,
  type ProofingHarness,
  type ProofingJobType,
} from './proofing-harness.js';
export { expandForEach, type ForEachInstance, type HclBody } from './terraform-for-each.js';
