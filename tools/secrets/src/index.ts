export { USAGE, runCli, type CliEnvironment } from './command.js';
export {
  AlreadyStagedError,
  NothingStagedError,
  SecretStateError,
  SecretValueError,
  SecretsToolError,
  SharedSecretError,
  UsageError,
  VerificationError,
} from './errors.js';
export {
  MAX_SECRET_BYTES,
  PLACEHOLDER_STAGE,
  checkVendorFields,
  parseJsonObject,
  putJsonSecret,
  rollbackJsonSecret,
  verifyJsonSecret,
  type JsonSecretValue,
  type PutJsonResult,
  type RollbackResult,
  type VerifyJsonResult,
} from './json-secret.js';
export {
  checkSecretId,
  defaultHandoffSecret,
  defaultKmsKey,
  environmentOf,
  vendorOfSecret,
} from './names.js';
export {
  DEFAULT_DRAIN_SECONDS,
  promote,
  rotate,
  stage,
  verify,
  type Clients,
  type PromoteResult,
  type StageResult,
} from './rotation.js';
export { PLACEHOLDER, SECRET_BYTES, fingerprint, generateSecret } from './values.js';
export { MAX_INPUT_BYTES, readPipedInput } from './stdin.js';
