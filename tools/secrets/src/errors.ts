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

/** The value given to put is unusable: not JSON, not an object, too large, or not what the vendor reads. Names no value. */
export class SecretValueError extends SecretsToolError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretValueError';
  }
}

/** A Secrets Manager secret to put into or roll back does not exist, or has no version to go back to. */
export class SecretStateError extends SecretsToolError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretStateError';
  }
}
