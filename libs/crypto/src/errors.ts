/** A key, IV or ciphertext whose size is not what AES-256-GCM requires. */
export class InvalidCryptoInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidCryptoInputError';
  }
}

/** The authentication tag did not verify: wrong key, wrong IV, or tampered data. */
export class DecryptionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DecryptionError';
  }
}

/** Bytes that are not a sealed envelope this version can read: too short, another version, a bad key id. */
export class SealedFormatError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SealedFormatError';
  }
}

/** A sealed envelope names a key id the keyring does not hold (retired too early, or another keyring). */
export class UnknownKeyIdError extends Error {
  readonly keyId: string;

  constructor(keyId: string, options?: ErrorOptions) {
    super(`no key with id ${JSON.stringify(keyId)} in the keyring`, options);
    this.name = 'UnknownKeyIdError';
    this.keyId = keyId;
  }
}

/** A password outside the accepted length, or a stored hash this module cannot read. */
export class PasswordHashError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PasswordHashError';
  }
}

/** A string that is not a token this module issued (wrong length or alphabet). */
export class MalformedTokenError extends Error {
  constructor(message = 'not a single-use token', options?: ErrorOptions) {
    super(message, options);
    this.name = 'MalformedTokenError';
  }
}
