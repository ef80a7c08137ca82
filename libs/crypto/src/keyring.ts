import { AES_256_KEY_BYTES } from './aes-gcm.js';
import { InvalidCryptoInputError } from './errors.js';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Named 256-bit keys: `current` seals, any of `keys` opens. Rotating adds a key and moves `current`; values
 * sealed under an older key still open as long as its id stays in the keyring.
 */
export interface Keyring {
  readonly current: string;
  readonly keys: ReadonlyMap<string, Uint8Array>;
}

/** Checks ids (1-64 of `A-Za-z0-9._-`) and key sizes once, so seal and open need not. */
export function createKeyring(current: string, keys: Readonly<Record<string, Uint8Array>>): Keyring {
  const entries = Object.entries(keys);
  for (const [id, key] of entries) {
    if (!KEY_ID.test(id)) throw new InvalidCryptoInputError('key ids are 1-64 characters of A-Za-z0-9._-');
    if (key.byteLength !== AES_256_KEY_BYTES) {
      throw new InvalidCryptoInputError(
        `key ${id} must be ${AES_256_KEY_BYTES} bytes, got ${key.byteLength}`,
      );
    }
  }
  if (!Object.hasOwn(keys, current)) {
    throw new InvalidCryptoInputError(`the current key ${current} is not in the keyring`);
  }
  return { current, keys: new Map(entries) };
}
