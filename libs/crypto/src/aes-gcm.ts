import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError, InvalidCryptoInputError } from './errors.js';

export const AES_256_KEY_BYTES = 32;
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export interface AesGcmInput {
  /** 256-bit key. */
  key: Uint8Array;
  /** 96-bit IV, never reused with the same key. */
  iv: Uint8Array;
  /** Additional authenticated data, if the producer bound any. */
  aad?: Uint8Array;
}

function checkKeyAndIv({ key, iv }: AesGcmInput): void {
  if (key.byteLength !== AES_256_KEY_BYTES) {
    throw new InvalidCryptoInputError(`key must be ${AES_256_KEY_BYTES} bytes, got ${key.byteLength}`);
  }
  if (iv.byteLength !== GCM_IV_BYTES) {
    throw new InvalidCryptoInputError(`iv must be ${GCM_IV_BYTES} bytes, got ${iv.byteLength}`);
  }
}

/**
 * Encrypts with AES-256-GCM and returns `ciphertext || tag`, the layout WebCrypto produces
 * and the browser uploads.
 */
export function aesGcmEncrypt(input: AesGcmInput & { plaintext: Uint8Array }): Buffer {
  checkKeyAndIv(input);
  const cipher = createCipheriv('aes-256-gcm', input.key, input.iv, { authTagLength: GCM_TAG_BYTES });
  if (input.aad) cipher.setAAD(input.aad);
  return Buffer.concat([cipher.update(input.plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Decrypts `ciphertext || tag`; throws DecryptionError when the tag does not verify. */
export function aesGcmDecrypt(input: AesGcmInput & { data: Uint8Array }): Buffer {
  checkKeyAndIv(input);
  const { data } = input;
  if (data.byteLength < GCM_TAG_BYTES) {
    throw new InvalidCryptoInputError(`data must hold at least the ${GCM_TAG_BYTES}-byte tag`);
  }
  const tagStart = data.byteLength - GCM_TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', input.key, input.iv, { authTagLength: GCM_TAG_BYTES });
  decipher.setAuthTag(data.subarray(tagStart));
  if (input.aad) decipher.setAAD(input.aad);
  const plaintext = decipher.update(data.subarray(0, tagStart));
  try {
    // GCM is a stream mode: final() only verifies the tag and returns nothing, so no copy of the image is made.
    const rest = decipher.final();
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
  } catch (cause) {
    plaintext.fill(0);
    throw new DecryptionError('authentication tag did not verify', { cause });
  }
}

/** A fresh random 256-bit key. */
export function generateAesKey(): Buffer {
  return randomBytes(AES_256_KEY_BYTES);
}

/** A fresh random 96-bit IV. */
export function generateGcmIv(): Buffer {
  return randomBytes(GCM_IV_BYTES);
}
