export {
  LOCAL_CREDENTIALS,
  findWorkspaceRoot,
  startCloud,
  type InvokeOutput,
  type LocalCloud,
  type LocalCloudOptions,
} from './cloud.js';
export type { FaultEffect, FaultRule, FaultRuleState } from './edge/faults.js';
export type { IssuedRecaptchaToken, RecaptchaTokenRequest } from './emulators/recaptcha.js';
export { BundleError, DeclarationError, EmulatorError, FunctionNotFoundError } from './errors.js';
export type { FunctionErrorPayload, InvocationResult, LogSink } from './runtime/types.js';
export { WORKSPACE_SERVICES_MODULE, loadWorkspaceServices } from './workspace-services.js';
export { benchmarkLocalCloud, type LocalCloudBenchmark } from './benchmark/benchmark.js';
