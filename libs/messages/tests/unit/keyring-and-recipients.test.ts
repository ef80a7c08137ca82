import { open, seal } from '@backend/crypto';
import { ValidationError } from '@backend/platform';
import { describe, expect, it } from 'vitest';
import {
  ContentKeyringError,
  mailboxOf,
  mailboxToRead,
  mayReach,
  parseMessageKeyrings,
  sortKeyOf,
  newMessageId,
} from '../../src/index.js';

const material = (n: number) => String(n).repeat(40);

describe('parseMessageKeyrings', () => {
  it('reads one plain string as the single key k0, and a JSON keyring with its current key', () => {
    expect(parseMessageKeyrings(material(1)).content.current).toBe('k0');
    const rotated = parseMessageKeyrings(
      JSON.stringify({ current: 'b', keys: { a: material(1), b: material(2) } }),
    );
    expect([rotated.content.current, [...rotated.content.keys.keys()]]).toEqual(['b', ['a', 'b']]);
  });

  it('opens content sealed under an older key after rotation, without re-encryption', () => {
    const before = parseMessageKeyrings(JSON.stringify({ current: 'a', keys: { a: material(1) } }));
    const sealed = seal(Buffer.from('hello'), { keyring: before.content, aad: 'm1' });
    const after = parseMessageKeyrings(
      JSON.stringify({ current: 'b', keys: { a: material(1), b: material(2) } }),
    );
    expect(open(sealed, { keyring: after.content, aad: 'm1' }).toString()).toBe('hello');
    expect(() => open(sealed, { keyring: after.content, aad: 'm2' })).toThrow();
  });

  it('derives different keys for content and cursors from one material', () => {
    const rings = parseMessageKeyrings(material(3));
    expect(Buffer.from(rings.content.keys.get('k0')!).equals(Buffer.from(rings.cursor.keys.get('k0')!))).toBe(
      false,
    );
  });

  it.each([
    ['short material', 'too short'],
    ['a JSON keyring without keys', '{"current":"a"}'],
    ['a current key not in the keyring', JSON.stringify({ current: 'z', keys: { a: material(1) } })],
    ['a bad key id', JSON.stringify({ current: 'a b', keys: { 'a b': material(1) } })],
    ['broken JSON', '{"current":'],
  ])('refuses %s with ContentKeyringError, naming no key material', (_case, secret) => {
    const error = (() => {
      try {
        parseMessageKeyrings(secret);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ContentKeyringError);
    expect((error as Error).message).not.toContain(material(1));
  });
});

describe('recipients and scope', () => {
  it('lower-cases email mailboxes and keeps E.164 numbers; refuses each form on the other channel', () => {
    expect(mailboxOf('Ada@Example.COM', 'email')).toBe('ada@example.com');
    expect(mailboxOf('+12025550147', 'sms')).toBe('+12025550147');
    expect(() => mailboxOf('+12025550147', 'email')).toThrow(ValidationError);
    expect(() => mailboxOf('ada@example.com', 'sms')).toThrow(ValidationError);
    expect(() => mailboxOf('+0123456789', 'sms')).toThrow(ValidationError);
    expect(mailboxToRead('+12025550147')).toBe('+12025550147');
    expect(() => mailboxToRead(undefined)).toThrow('msg_id is required');
  });

  it('lets a key reach its named recipients and its domains only, not subdomains or look-alikes', () => {
    const key = { recipients: ['+12025550147', 'ceo@other.org'], domains: ['example.com'] };
    expect(['a@example.com', '+12025550147', 'ceo@other.org'].map((m) => mayReach(key, m))).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['a@sub.example.com', 'a@example.com.evil.org', 'cfo@other.org', '+12025550148'].map((m) =>
        mayReach(key, m),
      ),
    ).toEqual([false, false, false, false]);
  });
});

describe('message ids and sort keys', () => {
  it('sorts sort keys as the ids were made, and reads the time from the UUIDv7 (its first 48 bits)', () => {
    const ids = Array.from({ length: 50 }, () => newMessageId());
    const keys = ids.map(sortKeyOf);
    expect([...keys].sort()).toEqual(keys);
    expect(sortKeyOf('0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b')).toBe(
      '2024-07-11T12:09:25.716Z#0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
    );
  });

  it('refuses an id that is not a UUIDv7 with a ValidationError on message_id', () => {
    expect(() => sortKeyOf('0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b')).toThrow(ValidationError);
    expect(() => sortKeyOf('../../etc')).toThrow('message_id must be a UUIDv7');
  });
});
