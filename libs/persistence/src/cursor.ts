import { createHash } from 'node:crypto';
import { open, seal, type Keyring } from '@backend/crypto';
import { InvalidCursorError } from './errors.js';

/** A DynamoDB `LastEvaluatedKey` as the document client returns it. */
export type PageKey = Record<string, string | number>;

/** Longer strings are refused before any work: a cursor of a key of two attributes is about 150 characters. */
export const MAX_CURSOR_LENGTH = 2048;

/**
 * What a cursor is bound to (table, index, key condition, values, direction), as additional data of the seal:
 * a cursor handed out for one query, e.g. one user's partition, does not open for any other.
 */
export function cursorContext(parts: unknown): string {
  return `cursor:v1:${createHash('sha256').update(JSON.stringify(parts)).digest('base64url')}`;
}

/** Seals the key where the next page starts; the caller sees an opaque base64url string. */
export function sealCursor(key: PageKey, keyring: Keyring, context: string): string {
  for (const value of Object.values(key)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new TypeError('page cursors support string and number key attributes only');
    }
  }
  return seal(Buffer.from(JSON.stringify(key)), { keyring, aad: context }).toString('base64url');
}

/** The key a cursor was sealed with; InvalidCursorError for anything forged, edited or from another query. */
export function openCursor(cursor: string, keyring: Keyring, context: string): PageKey {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError();
  }
  const sealed = Buffer.from(cursor, 'base64url');
  // Node's decoder ignores stray trailing characters: only the canonical spelling of the bytes is accepted.
  if (sealed.toString('base64url') !== cursor) throw new InvalidCursorError();
  try {
    return JSON.parse(open(sealed, { keyring, aad: context }).toString('utf8')) as PageKey;
  } catch (cause) {
    throw new InvalidCursorError({ cause });
  }
}
