import { blindIndex, createKeyring, hkdfSha256, open, seal, type Keyring } from '@backend/crypto';
import { LicensingKeyError } from './errors.js';

/**
 * The keys of the licensing data, all derived with HKDF from one 256-bit secret (an SSM SecureString): the SSN's
 * sealing key, the SSN blind index key and the upload-error cursor key. One purpose per key, so none can stand
 * in for another.
 */
export interface LicensingKeys {
  readonly ssnKeyring: Keyring;
  readonly ssnIndexKey: Uint8Array;
  readonly cursorKeyring: Keyring;
}

/** The id the sealed SSNs name: a rotated secret gets a new id, and the old one stays to open older values. */
const KEY_ID = 'ssn-1';

export function deriveLicensingKeys(secretHex: string, parameterName: string): LicensingKeys {
  if (!/^[0-9a-fA-F]{64}$/.test(secretHex.trim())) throw new LicensingKeyError(parameterName);
  const ikm = Buffer.from(secretHex.trim(), 'hex');
  const derive = (info: string) => hkdfSha256({ ikm, info: `licensing:${info}`, length: 32 });
  return {
    ssnKeyring: createKeyring(KEY_ID, { [KEY_ID]: derive('ssn-seal') }),
    ssnIndexKey: derive('ssn-blind-index'),
    cursorKeyring: createKeyring('cursor-1', { 'cursor-1': derive('upload-cursor') }),
  };
}

/**
 * The provider id of an SSN in a compact: a UUID made from the SSN's keyed blind index, so the same person
 * gets the same id in every upload without a lookup (two uploads at once agree on it), and the id tells nothing
 * about the SSN without the key.
 */
export function providerIdFor(keys: LicensingKeys, compact: string, ssn: string): string {
  const index = Buffer.from(
    blindIndex({ key: keys.ssnIndexKey, field: `ssn:${compact}`, value: ssn }),
    'base64url',
  );
  const bytes = index.subarray(0, 16);
  // RFC 9562 version 8 (custom) and variant bits.
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The SSN sealed for one provider: it opens only with the provider's id as additional data. */
export const sealSsn = (keys: LicensingKeys, providerId: string, ssn: string): Uint8Array =>
  seal(Buffer.from(ssn, 'utf8'), { keyring: keys.ssnKeyring, aad: `licensing:ssn:${providerId}` });

export const openSsn = (keys: LicensingKeys, providerId: string, sealed: Uint8Array): string =>
  open(sealed, { keyring: keys.ssnKeyring, aad: `licensing:ssn:${providerId}` }).toString('utf8');
