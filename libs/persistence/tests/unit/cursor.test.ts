import { createKeyring, generateAesKey } from '@backend/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError, MAX_CURSOR_LENGTH } from '../../src/index.js';
import { cursorContext, openCursor, sealCursor, type PageKey } from '../../src/cursor.js';

const keyring = createKeyring('c1', { c1: generateAesKey() });
const context = cursorContext(['messages', '', '#pk = :pk', {}, { ':pk': 'user-1' }, false]);
const pageKey = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  { minKeys: 1, maxKeys: 3 },
);

describe('page cursors', () => {
  it('open to the key they were sealed with, as an opaque URL-safe string', () => {
    fc.assert(
      fc.property(pageKey, (key) => {
        const cursor = sealCursor(key as PageKey, keyring, context);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        for (const value of Object.values(key))
          if (String(value).length > 3) expect(cursor).not.toContain(String(value));
        expect(openCursor(cursor, keyring, context)).toEqual(JSON.parse(JSON.stringify(key)));
      }),
    );
  });

  it('refuse any edit with InvalidCursorError', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(pageKey, fc.nat(), fc.nat({ max: 63 }), (key, at, replacement) => {
        const cursor = sealCursor(key as PageKey, keyring, context);
        const i = at % cursor.length;
        const edited = cursor.slice(0, i) + alphabet[replacement] + cursor.slice(i + 1);
        fc.pre(edited !== cursor);
        expect(() => openCursor(edited, keyring, context)).toThrow(InvalidCursorError);
      }),
      { numRuns: 300 },
    );
  });

  it('refuse forged strings, cursors of another query and of another keyring', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (forged) => {
        expect(() => openCursor(forged, keyring, context)).toThrow(InvalidCursorError);
      }),
    );
    const cursor = sealCursor({ pk: 'user-1', sk: 5 }, keyring, context);
    const otherUser = cursorContext(['messages', '', '#pk = :pk', {}, { ':pk': 'user-2' }, false]);
    expect(() => openCursor(cursor, keyring, otherUser)).toThrow(InvalidCursorError);
    expect(() => openCursor(cursor, createKeyring('c1', { c1: generateAesKey() }), context)).toThrow(
      InvalidCursorError,
    );
    expect(() => openCursor('A'.repeat(MAX_CURSOR_LENGTH + 1), keyring, context)).toThrow(InvalidCursorError);
    const error = (() => {
      try {
        openCursor(`${cursor}x`, keyring, context);
      } catch (e) {
        return e as InvalidCursorError;
      }
    })();
    expect(error).toMatchObject({ status: 400, code: 'INVALID_CURSOR', field: 'cursor' });
  });
});
