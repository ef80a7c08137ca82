export {
  LOCAL_CREDENTIALS,
  findWorkspaceRoot,
  startCloud,
  type InvokeOutput,
  type LocalCloud,
  type LocalCloudOptions,
} from './cloud.js';
export type {
  BucketCorsRule,
  BucketDeclaration,
  BucketNotification,
  EnvValue,
  FunctionDeclaration,
  KeyAttribute,
  ParameterDeclaration,
  QueueDeclaration,
  SecretDeclaration,
  ServiceDeclaration,
  SqsEventSource,
  TableDeclaration,
} from './declarations.js';
export type { FaultEffect, FaultRule, FaultRuleState } from './edge/faults.js';
export { BundleError, DeclarationError, EmulatorError, FunctionNotFoundError } from './errors.js';
export type { FunctionErrorPayload, InvocationResult, LogSink } from './runtime/types.js';
export {
  LOCAL_ENVIRONMENT,
  SERVICES,
  callbackSigningKeyParameter,
  callbackTokenParameter,
  documentBucket,
  outcomeKeyParameter,
  outcomesTable,
} from './services/index.js';
export { benchmarkLocalCloud, type LocalCloudBenchmark } from './benchmark/benchmark.js';
