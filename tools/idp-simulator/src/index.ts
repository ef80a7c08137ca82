export {
  type AwsClientConfig,
  type CallbackTokens,
  type JobInvoker,
  type SignedUpload,
  type UploadSigner,
} from './aws.js';
export { JobInvocationError, SimulatorConfigError } from './errors.js';
export {
  ResultStore,
  type DeliveryOutcome,
  type JobKind,
  type ResultState,
  type ResultStoreOptions,
  type StoredResult,
} from './result-store.js';
export { startSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from './server.js';
export { startIdpSimulator, type IdpSimulator, type IdpSimulatorOptions } from './simulator.js';
export { StaticFiles } from './static-files.js';
