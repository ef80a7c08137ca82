export { USAGE, runCli, type CliEnvironment } from './command.js';
export {
  AlreadyStagedError,
  NothingStagedError,
  SecretsToolError,
  SharedSecretError,
  UsageError,
  VerificationError,
} from './errors.js';
export { defaultHandoffSecret, defaultKmsKey, environmentOf } from './names.js';
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
