export {
  ARCHITECTURES_FILE,
  LAMBDA_ARCHITECTURES,
  architectureOf,
  readFunctionArchitectures,
  targetPlatform,
  type FunctionArchitectures,
  type LambdaArchitecture,
} from './architecture.js';
export {
  BUNDLE_FILE,
  METAFILE,
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
  NativePackageError,
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
export { createDeterministicZip, listFiles, zipFiles, type ZipContent } from './zip.js';
export {
  installsOn,
  productionClosure,
  readLockfile,
  type LockedInstall,
  type Lockfile,
} from './lockfile.js';
export { nativeImportsOf, nativePackageFiles } from './native-packages.js';
export { DEFAULT_REGISTRY, TARBALL_CACHE_DIR, lockedTarball, tarballUrl } from './npm-tarball.js';
export { verifyRelease, type VerifyOptions, type VerifyProblem, type VerifyResult } from './verify.js';
