import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { GCM_IV_BYTES, GCM_TAG_BYTES } from './aes-gcm.js';
import { DecryptionError, SealedFormatError, UnknownKeyIdError } from './errors.js';
import type { Keyring } from './keyring.js';

/** The first byte of every envelope; a new layout gets a new number and open keeps reading the old ones. */
export const SEALED_FORMAT_V1 = 1;

export interface SealOptions {
  keyring: Keyring;
  /**
   * Additional authenticated data: what the value belongs to (a table and key, a purpose). Not stored in the
   * envelope; open must be given the same bytes, so a value copied to another record does not open.
   */
  aad?: string | Uint8Array;
}

const EMPTY = Buffer.alloc(0);
const bytesOf = (value: string | Uint8Array | undefined): Uint8Array =>
  value === undefined ? EMPTY : typeof value === 'string' ? Buffer.from(value, 'utf8') : value;

/** `version | key id length | key id | iv`: also authenticated, so an edited header fails like edited data. */
function header(keyId: string, iv: Uint8Array): Buffer {
  const id = Buffer.from(keyId, 'latin1');
  const out = Buffer.allocUnsafe(2 + id.length + GCM_IV_BYTES);
  out[0] = SEALED_FORMAT_V1;
  out[1] = id.length;
  id.copy(out, 2);
  out.set(iv, 2 + id.length);
  return out;
}

/**
 * AES-256-GCM under the keyring's current key with a fresh random 96-bit IV. The envelope is
 * `0x01 | id length | key id | iv | ciphertext | tag`; the header and `aad` are the additional data.
 */
export function seal(plaintext: Uint8Array, options: SealOptions): Buffer {
  const { current, keys } = options.keyring;
  const key = keys.get(current) as Uint8Array;
  const head = header(current, randomBytes(GCM_IV_BYTES));
  const iv = head.subarray(head.length - GCM_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(Buffer.concat([head, bytesOf(options.aad)]));
  const body = cipher.update(plaintext);
  cipher.final(); // GCM is a stream mode: nothing is left after update()
  return Buffer.concat([head, body, cipher.getAuthTag()], head.length + body.length + GCM_TAG_BYTES);
}

/** The key id an envelope was sealed with (e.g. to re-seal values of a retiring key); SealedFormatError if none. */
export function sealedKeyId(sealed: Uint8Array): string {
  return parse(sealed).keyId;
}

function parse(sealed: Uint8Array): { keyId: string; headerLength: number } {
  if (sealed.byteLength < 2) throw new SealedFormatError('too short to be a sealed value');
  if (sealed[0] !== SEALED_FORMAT_V1) throw new SealedFormatError(`unknown sealed format ${sealed[0]}`);
  const idLength = sealed[1] as number;
  const headerLength = 2 + idLength + GCM_IV_BYTES;
  if (idLength === 0 || sealed.byteLength < headerLength + GCM_TAG_BYTES) {
    throw new SealedFormatError('too short to be a sealed value');
  }
  return {
    keyId: Buffer.from(sealed.buffer, sealed.byteOffset + 2, idLength).toString('latin1'),
    headerLength,
  };
}

/**
 * Opens an envelope with the key its id names. SealedFormatError: not an envelope; UnknownKeyIdError: the key
 * is not in the keyring; DecryptionError: tampered, another key under the same id, or other `aad`.
 */
export function open(sealed: Uint8Array, options: SealOptions): Buffer {
  const { keyId, headerLength } = parse(sealed);
  const key = options.keyring.keys.get(keyId);
  if (key === undefined) throw new UnknownKeyIdError(keyId);
  const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const tagStart = data.length - GCM_TAG_BYTES;
  const decipher = createDecipheriv(
    'aes-256-gcm',
    key,
    data.subarray(headerLength - GCM_IV_BYTES, headerLength),
    {
      authTagLength: GCM_TAG_BYTES,
    },
  );
  decipher.setAuthTag(data.subarray(tagStart));
  decipher.setAAD(Buffer.concat([data.subarray(0, headerLength), bytesOf(options.aad)]));
  const plaintext = decipher.update(data.subarray(headerLength, tagStart));
  try {
    decipher.final();
  } catch (cause) {
    plaintext.fill(0);
    throw new DecryptionError('sealed value did not verify: tampered, another key or other additional data', {
      cause,
    });
  }
  return plaintext;
}
