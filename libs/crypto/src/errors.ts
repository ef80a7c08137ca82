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
