/** Base of every failure the rotation tool reports as a message (exit code 1). */
export class SecretsToolError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretsToolError';
  }
}

/** The command line is wrong (exit code 2). */
export class UsageError extends SecretsToolError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** promote found no staged value in the hand-off secret. */
export class NothingStagedError extends SecretsToolError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NothingStagedError';
  }
}

/** stage found a value already staged and not yet promoted. */
export class AlreadyStagedError extends SecretsToolError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlreadyStagedError';
  }
}

/** A value read back does not match the value written or expected. */
export class VerificationError extends SecretsToolError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VerificationError';
  }
}

/** rotate was asked for a secret another system holds too; it needs the staged steps. */
export class SharedSecretError extends SecretsToolError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SharedSecretError';
  }
}
