export {
  BUNDLE_FILE,
  LAMBDA_HANDLER,
  LAMBDA_RUNTIME,
  NX_BUILD_OPTIONS,
  esbuildOptionsFor,
  type AppBuildTarget,
} from './build-options.js';
export { USAGE, runCli, type CliEnvironment, type S3Target } from './command.js';
export {
  ArtifactConflictError,
  BuildOutputMissingError,
  DirtyRefError,
  InvalidBuildOutputError,
  InvalidRefError,
  LocalArtifactError,
  ManifestError,
  NotDescendantError,
  ReleaseError,
  UnpinnableRefError,
  UsageError,
} from './errors.js';
export {
  ARTIFACTS_DIR,
  artifactsDir,
  buildOutputDir,
  localManifestPath,
  localSha256Path,
  localZipPath,
  manifestKey,
  sha256Key,
  zipKey,
} from './layout.js';
export {
  mergeManifestEntry,
  parseManifest,
  serializeManifest,
  type Manifest,
  type ManifestEntry,
} from './manifest.js';
export { checkAncestry, type AncestryOptions, type AncestryOutcome } from './ancestry.js';
export { idpInvocations, type IdpInvocation, type IdpNamesOptions } from './idp-names.js';
export { packageApp, type PackageOptions, type PackageResult } from './package.js';
export { publishRelease, type PublishOptions, type PublishResult } from './publish.js';
export { RELEASE_ALIAS_LENGTH, isDirtyRef, parseRef, releaseAlias, resolveGitRef } from './ref.js';
export { isSha256Base64, sha256Base64 } from './sha256.js';
export { createDeterministicZip, listFiles } from './zip.js';
export { verifyRelease, type VerifyOptions, type VerifyProblem, type VerifyResult } from './verify.js';
