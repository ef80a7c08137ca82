import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSha256Base64, sha256Base64 } from '../../src/index.js';

describe('sha256Base64', () => {
  it('gives the base64 digest of the FIPS 180-2 known answers', () => {
    expect(sha256Base64('')).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(sha256Base64('abc')).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    const hex = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(Buffer.from(sha256Base64('abc'), 'base64').toString('hex')).toBe(hex);
  });

  it('is the form filebase64sha256 and Lambda CodeSha256 use: 44 characters, no newline', () => {
    const value = sha256Base64(Buffer.from([0, 1, 2, 255]));
    expect(value).toHaveLength(44);
    expect(isSha256Base64(value)).toBe(true);
    expect(isSha256Base64(`${value}\n`)).toBe(false);
    expect(isSha256Base64(createHash('sha256').update('abc').digest('hex'))).toBe(false);
    expect(isSha256Base64(createHash('sha256').update('abc').digest('base64url'))).toBe(false);
  });
});
