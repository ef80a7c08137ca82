import { InvalidCryptoInputError } from './errors.js';
import { hmacSha256 } from './hmac.js';

export const BLIND_INDEX_MIN_KEY_BYTES = 32;

export interface BlindIndexInput {
  /** At least 32 bytes, one per field (derive it with hkdfSha256 and info `blind-index:<field>`). */
  key: Uint8Array;
  /** The field the value belongs to: the same value in two fields gets two unrelated indexes. */
  field: string;
  /** Already normalised by the caller (e.g. an email lower-cased): equal inputs give equal indexes. */
  value: string;
}

/**
 * A keyed blind index: base64url HMAC-SHA256 over `field 0x00 value`. Stored beside the sealed value and queried
 * by equality, so a value can be looked up without being stored in plaintext or hashed without a key (which a
 * dictionary would reverse).
 */
export function blindIndex({ key, field, value }: BlindIndexInput): string {
  if (key.byteLength < BLIND_INDEX_MIN_KEY_BYTES) {
    throw new InvalidCryptoInputError(`blind index keys must be at least ${BLIND_INDEX_MIN_KEY_BYTES} bytes`);
  }
  if (field.length === 0 || field.includes('\0')) {
    throw new InvalidCryptoInputError('blind index field must be non-empty and hold no NUL');
  }
  return hmacSha256(
    key,
    Buffer.concat([Buffer.from(field, 'utf8'), Buffer.of(0), Buffer.from(value, 'utf8')]),
  ).toString('base64url');
}
