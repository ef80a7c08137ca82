import { describe, expect, it } from 'vitest';
import {
  MAX_PASSWORD_BYTES,
  MalformedTokenError,
  PASSWORD_HASH_PARAMETERS,
  PasswordHashError,
  createSingleUseToken,
  hashPassword,
  hashSingleUseToken,
  needsRehash,
  singleUseTokenMatches,
  verifyPassword,
} from '../../src/index.js';
import { scryptKey } from '../../src/password.js';

const hex = (s: string) => s.replace(/\s/g, '');
// Cheap parameters for the behaviour tests; the default parameters are exercised once below.
const FAST = { logN: 10, r: 8, p: 1 };

describe('scrypt (RFC 7914, section 12)', () => {
  it.each([
    {
      password: '',
      salt: '',
      params: { logN: 4, r: 1, p: 1 },
      key: `77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442
            fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906`,
    },
    {
      password: 'password',
      salt: 'NaCl',
      params: { logN: 10, r: 8, p: 16 },
      key: `fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162
            2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640`,
    },
    {
      password: 'pleaseletmein',
      salt: 'SodiumChloride',
      params: { logN: 14, r: 8, p: 1 },
      key: `7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2
            d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887`,
    },
  ])(
    'derives the RFC key for N = 2^$params.logN, r = $params.r, p = $params.p',
    async ({ password, salt, params, key }) => {
      const derived = await scryptKey(password, Buffer.from(salt), params, 64);
      expect(derived.toString('hex')).toBe(hex(key));
    },
  );
});

describe('password hashing', () => {
  it('uses OWASP parameters by default and encodes them in the hash', async () => {
    expect(PASSWORD_HASH_PARAMETERS).toEqual({ logN: 17, r: 8, p: 1 });
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(needsRehash(hash)).toBe(false);
  });

  it('verifies only the same password, salts every hash, and asks for a rehash when parameters change', async () => {
    const hash = await hashPassword('hunter2!', FAST);
    expect(await verifyPassword('hunter2!', hash)).toBe(true);
    expect(await verifyPassword('hunter2?', hash)).toBe(false);
    expect(await hashPassword('hunter2!', FAST)).not.toBe(hash);
    expect(needsRehash(hash)).toBe(true);
    expect(needsRehash(hash, FAST)).toBe(false);
  });

  it('normalises to NFKC so that composed and decomposed forms match', async () => {
    const hash = await hashPassword('caf\u00e9', FAST);
    expect(await verifyPassword('cafe\u0301', hash)).toBe(true);
  });

  it('refuses empty and over-long passwords, and hashes it cannot read or that ask for too much memory', async () => {
    await expect(hashPassword('', FAST)).rejects.toThrow(PasswordHashError);
    await expect(hashPassword('x'.repeat(MAX_PASSWORD_BYTES + 1), FAST)).rejects.toThrow(PasswordHashError);
    await expect(hashPassword('x'.repeat(MAX_PASSWORD_BYTES), FAST)).resolves.toMatch(/^\$scrypt\$/);
    const hash = await hashPassword('hunter2!', FAST);
    await expect(verifyPassword('x'.repeat(MAX_PASSWORD_BYTES + 1), hash)).rejects.toThrow(PasswordHashError);
    await expect(verifyPassword('hunter2!', 'plaintext')).rejects.toThrow(PasswordHashError);
    await expect(verifyPassword('hunter2!', hash.replace('ln=10', 'ln=30'))).rejects.toThrow(
      PasswordHashError,
    );
    await expect(verifyPassword('hunter2!', hash.replace('r=8', 'r=99'))).rejects.toThrow(PasswordHashError);
    expect(() => needsRehash('$argon2id$v=19$m=65536')).toThrow(PasswordHashError);
    await expect(hashPassword('x', { logN: 0, r: 8, p: 1 })).rejects.toThrow(PasswordHashError);
  });
});

describe('single-use tokens', () => {
  it('are 256 random bits, URL-safe, and only their hash is meant to be stored', () => {
    const { token, hash } = createSingleUseToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).not.toContain(token);
    expect(hash).toBe(hashSingleUseToken(token));
    expect(createSingleUseToken().token).not.toBe(token);
  });

  it('match their own hash only, and a string of another shape matches nothing', () => {
    const { token, hash } = createSingleUseToken();
    const other = createSingleUseToken();
    expect(singleUseTokenMatches(token, hash)).toBe(true);
    expect(singleUseTokenMatches(other.token, hash)).toBe(false);
    expect(singleUseTokenMatches(`${token}x`, hash)).toBe(false);
    expect(singleUseTokenMatches(token, '')).toBe(false);
    expect(singleUseTokenMatches(hash, hash)).toBe(false);
    expect(() => hashSingleUseToken('not a token')).toThrow(MalformedTokenError);
  });
});
