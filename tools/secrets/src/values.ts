import { createHash, randomBytes } from 'node:crypto';

/** What the parameters module writes at creation; a parameter holding it has never been set. */
export const PLACEHOLDER = 'PLACEHOLDER-set-with-tools-secrets';

/** Bytes of a generated secret: 256 bits, as the callback tokens' HMAC-free comparison needs. */
export const SECRET_BYTES = 32;

/** A new random secret, base64url (43 characters for 32 bytes): safe in HTTP headers and shells. */
export function generateSecret(bytes = SECRET_BYTES): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * What the tool prints instead of a value: the first 12 hex digits of its SHA-256. Enough to tell two
 * values apart and to compare with the IDP's side; useless for recovering a generated 256-bit value.
 */
export function fingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}`;
}
