/** Base of every error the release tool reports to a person; anything else is a bug. */
export class ReleaseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReleaseError';
  }
}

/** The command line is wrong: unknown command or option, or a missing value. */
export class UsageError extends ReleaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A ref that is not a full lowercase git SHA (optionally `-dirty` where that is allowed). */
export class InvalidRefError extends ReleaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidRefError';
  }
}

/**
 * A SHA whose first 10 characters are all digits: Lambda refuses such an alias name, so no IDP could
 * invoke the release. Nothing is packaged, published or verified for it.
 */
export class UnpinnableRefError extends InvalidRefError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnpinnableRefError';
  }
}

/** A `-dirty` ref was given to publish or verify: such artifacts are not reproducible from git. */
export class DirtyRefError extends ReleaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DirtyRefError';
  }
}

/** An app has no build output to package. */
export class BuildOutputMissingError extends ReleaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BuildOutputMissingError';
  }
}

/** The build output exists but cannot be packaged (no handler bundle, a symlink, no files). */
export class InvalidBuildOutputError extends ReleaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidBuildOutputError';
  }
}

/** A manifest is missing, unreadable, or does not match its schema or its ref. */
export class ManifestError extends ReleaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ManifestError';
  }
}

/** Local artifacts disagree with their manifest (packaged again after the manifest was written). */
export class LocalArtifactError extends ReleaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalArtifactError';
  }
}

/** Objects already in the bucket hold different content under the keys publish would write. */
export class ArtifactConflictError extends ReleaseError {
  constructor(
    message: string,
    readonly keys: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ArtifactConflictError';
  }
}

/** The SHA to apply does not descend from the one deployed, and no rollback was asked for. */
export class NotDescendantError extends ReleaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotDescendantError';
  }
}

/**
 * A native runtime package the bundle imports cannot be shipped as locked: not in package-lock.json, installed at
 * another version, its tarball unreachable or not matching the lock's integrity. Nothing is zipped.
 */
export class NativePackageError extends ReleaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NativePackageError';
  }
}
