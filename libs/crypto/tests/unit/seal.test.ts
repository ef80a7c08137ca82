import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DecryptionError,
  InvalidCryptoInputError,
  SealedFormatError,
  UnknownKeyIdError,
  aesGcmEncrypt,
  createKeyring,
  generateAesKey,
  open,
  seal,
  sealedKeyId,
} from '../../src/index.js';

const hex = (s: string) => Buffer.from(s, 'hex');
const k1 = generateAesKey();
const k2 = generateAesKey();
const ring = createKeyring('k1', { k1 });

describe('seal and open', () => {
  it('opens a version 1 envelope built with the NIST-tested AES-GCM under the key of test case 15', () => {
    // 0x01 | 2 | "k1" | iv | ciphertext | tag, with `header || aad` as the additional data. A fixed envelope:
    // what was sealed with format 1 must open in every later version.
    const key = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
    const envelope = hex(
      '01026b31cafebabefacedbaddecaf888f87992b904b65b946085576a507921e89f190d142236598a3b',
    );
    const keyring = createKeyring('k1', { k1: key });
    expect(open(envelope, { keyring, aad: 'ctx' }).toString()).toBe('sealed v1');
    expect(sealedKeyId(envelope)).toBe('k1');

    const iv = hex('cafebabefacedbaddecaf888');
    const header = Buffer.concat([Buffer.of(1, 2), Buffer.from('k1'), iv]);
    const body = aesGcmEncrypt({
      key,
      iv,
      plaintext: Buffer.from('sealed v1'),
      aad: Buffer.from([...header, ...Buffer.from('ctx')]),
    });
    expect(Buffer.concat([header, body]).equals(envelope)).toBe(true);
  });

  it('lays out what it seals as version, key id, a fresh IV, ciphertext and tag', () => {
    const a = seal(Buffer.from('hello'), { keyring: ring, aad: 'x' });
    const b = seal(Buffer.from('hello'), { keyring: ring, aad: 'x' });
    expect(a[0]).toBe(1);
    expect(a.subarray(1, 4).toString('latin1')).toBe('\u0002k1');
    expect(a.length).toBe(4 + 12 + 5 + 16);
    expect(a.subarray(4, 16).equals(b.subarray(4, 16))).toBe(false);
  });

  it('round-trips any bytes with any additional data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ maxLength: 64 }), (plaintext, aad) => {
        const sealed = seal(plaintext, { keyring: ring, aad });
        expect(open(sealed, { keyring: ring, aad }).equals(Buffer.from(plaintext))).toBe(true);
      }),
    );
  });

  it('refuses every envelope with one bit flipped, with a named error', () => {
    const sealed = seal(Buffer.from('{"verdict":"pass"}'), { keyring: ring, aad: 'job-1' });
    fc.assert(
      fc.property(fc.nat({ max: sealed.length * 8 - 1 }), (bit) => {
        const edited = Buffer.from(sealed);
        edited[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => open(edited, { keyring: ring, aad: 'job-1' })).toThrow(
          expect.toSatisfy(
            (e) =>
              e instanceof DecryptionError ||
              e instanceof SealedFormatError ||
              e instanceof UnknownKeyIdError,
          ),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('refuses other additional data and truncated envelopes', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat({ max: 60 }), (aad, other, cut) => {
        fc.pre(aad !== other);
        const sealed = seal(Buffer.from('secret'), { keyring: ring, aad });
        expect(() => open(sealed, { keyring: ring, aad: other })).toThrow(DecryptionError);
        const truncated = sealed.subarray(0, Math.min(cut, sealed.length - 1));
        expect(() => open(truncated, { keyring: ring, aad })).toThrow(
          expect.toSatisfy((e) => e instanceof DecryptionError || e instanceof SealedFormatError),
        );
      }),
    );
  });

  it('opens values sealed under a retired key after rotation, and names a key the keyring lost', () => {
    const old = seal(Buffer.from('before rotation'), { keyring: ring });
    const rotated = createKeyring('k2', { k1, k2 });
    const fresh = seal(Buffer.from('after rotation'), { keyring: rotated });
    expect(sealedKeyId(fresh)).toBe('k2');
    expect(open(old, { keyring: rotated }).toString()).toBe('before rotation');
    expect(open(fresh, { keyring: rotated }).toString()).toBe('after rotation');

    const withoutK1 = createKeyring('k2', { k2 });
    expect(() => open(old, { keyring: withoutK1 })).toThrow(UnknownKeyIdError);
    // The same id bound to another key is a failed tag, not garbage.
    expect(() => open(old, { keyring: createKeyring('k1', { k1: k2 }) })).toThrow(DecryptionError);
  });

  it('refuses a format it does not know, and bad keyrings', () => {
    const sealed = seal(Buffer.from('x'), { keyring: ring });
    sealed[0] = 2;
    expect(() => open(sealed, { keyring: ring })).toThrow(SealedFormatError);
    expect(() => open(Buffer.alloc(0), { keyring: ring })).toThrow(SealedFormatError);
    expect(() => createKeyring('k1', { k1: Buffer.alloc(16) })).toThrow(InvalidCryptoInputError);
    expect(() => createKeyring('missing', { k1 })).toThrow(InvalidCryptoInputError);
    expect(() => createKeyring('bad id', { 'bad id': k1 })).toThrow(InvalidCryptoInputError);
  });
});
