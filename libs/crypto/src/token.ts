import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MalformedTokenError } from './errors.js';

export const SINGLE_USE_TOKEN_BYTES = 32;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface SingleUseToken {
  /** 256 random bits, base64url (43 characters): sent to the user once, never stored. */
  token: string;
  /** What is stored: base64url SHA-256 of the token. */
  hash: string;
}

/**
 * The stored form of a token. An unkeyed SHA-256 suffices: the token has 256 bits of entropy, so nobody who
 * reads the table can search for it; a slow hash would only cost every check.
 */
export function hashSingleUseToken(token: string): string {
  if (!TOKEN.test(token)) throw new MalformedTokenError();
  return createHash('sha256').update(token, 'ascii').digest('base64url');
}

/** A new token (e-mail confirmation, password reset, invitation) and the hash to store in its place. */
export function createSingleUseToken(): SingleUseToken {
  const token = randomBytes(SINGLE_USE_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashSingleUseToken(token) };
}

/**
 * True when `token` hashes to `storedHash`, compared in constant time. A string of the wrong shape is no match
 * (it cannot be a token this module issued); the caller then answers as for a wrong token.
 */
export function singleUseTokenMatches(token: string, storedHash: string): boolean {
  if (!TOKEN.test(token)) return false;
  const expected = Buffer.from(storedHash, 'base64url');
  const actual = Buffer.from(hashSingleUseToken(token), 'base64url');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
