import { describe, expect, it } from 'vitest';
import { InvalidCryptoInputError, blindIndex, hkdfSha256 } from '../../src/index.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const range = (from: number, to: number) =>
  Buffer.from(Array.from({ length: to - from + 1 }, (_, i) => from + i));

// RFC 5869, appendix A, test cases 1-3 (SHA-256).
const vectors = [
  {
    name: 'test case 1',
    ikm: Buffer.alloc(22, 0x0b),
    salt: range(0x00, 0x0c),
    info: range(0xf0, 0xf9),
    length: 42,
    okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
  },
  {
    name: 'test case 2 (longer inputs and output)',
    ikm: range(0x00, 0x4f),
    salt: range(0x60, 0xaf),
    info: range(0xb0, 0xff),
    length: 82,
    okm: `b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09
          da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87`,
  },
  {
    name: 'test case 3 (no salt, no info)',
    ikm: Buffer.alloc(22, 0x0b),
    salt: undefined,
    info: Buffer.alloc(0),
    length: 42,
    okm: '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
  },
];

describe('hkdfSha256', () => {
  it.each(vectors)('matches RFC 5869 $name', ({ ikm, salt, info, length, okm }) => {
    expect(hkdfSha256({ ikm, ...(salt ? { salt } : {}), info, length }).toString('hex')).toBe(
      hex(okm).toString('hex'),
    );
  });

  it('derives independent keys per purpose and refuses impossible lengths', () => {
    const ikm = Buffer.alloc(32, 7);
    const a = hkdfSha256({ ikm, info: 'blind-index:email' });
    expect(a.length).toBe(32);
    expect(a.equals(hkdfSha256({ ikm, info: 'blind-index:phone' }))).toBe(false);
    expect(() => hkdfSha256({ ikm, info: 'x', length: 255 * 32 + 1 })).toThrow(InvalidCryptoInputError);
    expect(() => hkdfSha256({ ikm, info: 'x', length: 0 })).toThrow(InvalidCryptoInputError);
    expect(() => hkdfSha256({ ikm: Buffer.alloc(0), info: 'x' })).toThrow(InvalidCryptoInputError);
  });
});

describe('blindIndex', () => {
  const key = Buffer.alloc(32, 1);

  it('is HMAC-SHA256 over field, NUL, value', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', key).update('email\0a@example.test').digest('base64url');
    expect(blindIndex({ key, field: 'email', value: 'a@example.test' })).toBe(expected);
  });

  it('is stable for equal inputs, differs by field and key, and hides the value', () => {
    const index = blindIndex({ key, field: 'email', value: 'a@example.test' });
    expect(blindIndex({ key, field: 'email', value: 'a@example.test' })).toBe(index);
    expect(blindIndex({ key, field: 'phone', value: 'a@example.test' })).not.toBe(index);
    expect(blindIndex({ key: Buffer.alloc(32, 2), field: 'email', value: 'a@example.test' })).not.toBe(index);
    expect(index).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(index).not.toContain('example');
  });

  it('refuses short keys and ambiguous fields', () => {
    expect(() => blindIndex({ key: Buffer.alloc(16), field: 'email', value: 'x' })).toThrow(
      InvalidCryptoInputError,
    );
    expect(() => blindIndex({ key, field: '', value: 'x' })).toThrow(InvalidCryptoInputError);
    expect(() => blindIndex({ key, field: 'a\0b', value: 'x' })).toThrow(InvalidCryptoInputError);
  });
});
