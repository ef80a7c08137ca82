import { hkdfSync } from 'node:crypto';
import { InvalidCryptoInputError } from './errors.js';

/** RFC 5869: at most 255 blocks of SHA-256 output. */
export const HKDF_SHA256_MAX_BYTES = 255 * 32;

export interface HkdfInput {
  /** Input keying material: a master secret, never a password (use hashPassword for those). */
  ikm: Uint8Array;
  /** Optional random or fixed salt; RFC 5869 treats none as 32 zero bytes. */
  salt?: Uint8Array;
  /** What the derived key is for (`blind-index:email`), so that keys for different purposes differ. */
  info: string | Uint8Array;
  /** Bytes to derive; 32 by default. */
  length?: number;
}

/** HKDF-SHA256 (RFC 5869) over `node:crypto`: one master secret, one independent key per purpose. */
export function hkdfSha256(input: HkdfInput): Buffer {
  const length = input.length ?? 32;
  if (!Number.isInteger(length) || length < 1 || length > HKDF_SHA256_MAX_BYTES) {
    throw new InvalidCryptoInputError(`HKDF-SHA256 length must be 1-${HKDF_SHA256_MAX_BYTES} bytes`);
  }
  if (input.ikm.byteLength === 0) throw new InvalidCryptoInputError('HKDF input keying material is empty');
  const info = typeof input.info === 'string' ? Buffer.from(input.info, 'utf8') : input.info;
  if (info.byteLength > 1024) throw new InvalidCryptoInputError('HKDF info is longer than 1024 bytes');
  return Buffer.from(hkdfSync('sha256', input.ikm, input.salt ?? Buffer.alloc(0), info, length));
}
