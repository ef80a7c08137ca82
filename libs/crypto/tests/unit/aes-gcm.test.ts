import { describe, expect, it } from 'vitest';
import {
  DecryptionError,
  InvalidCryptoInputError,
  aesGcmDecrypt,
  aesGcmEncrypt,
  generateAesKey,
  generateGcmIv,
} from '../../src/index.js';

const hex = (s: string) => Buffer.from(s, 'hex');

// AES-256 test cases 13-16 of "The Galois/Counter Mode of Operation (GCM)" (McGrew and Viega),
// the vectors NIST's GCM validation builds on.
const K15 = 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308';
const IV15 = 'cafebabefacedbaddecaf888';
const P15 =
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
  '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255';
const C15 =
  '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
  '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad';

const vectors = [
  {
    name: 'test case 13 (empty plaintext)',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    plaintext: '',
    aad: '',
    ciphertext: '',
    tag: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    name: 'test case 14 (one zero block)',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    plaintext: '00'.repeat(16),
    aad: '',
    ciphertext: 'cea7403d4d606b6e074ec5d3baf39d18',
    tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    name: 'test case 15 (four blocks)',
    key: K15,
    iv: IV15,
    plaintext: P15,
    aad: '',
    ciphertext: C15,
    tag: 'b094dac5d93471bdec1a502270e3cc6c',
  },
  {
    name: 'test case 16 (partial block with AAD)',
    key: K15,
    iv: IV15,
    plaintext: P15.slice(0, 120),
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    ciphertext: C15.slice(0, 120),
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];

describe('AES-256-GCM known answers', () => {
  for (const v of vectors) {
    const aad = v.aad ? { aad: hex(v.aad) } : {};

    it(`encrypts ${v.name} to ciphertext || tag`, () => {
      const out = aesGcmEncrypt({ key: hex(v.key), iv: hex(v.iv), plaintext: hex(v.plaintext), ...aad });
      expect(out.toString('hex')).toBe(v.ciphertext + v.tag);
    });

    it(`decrypts ${v.name}`, () => {
      const data = hex(v.ciphertext + v.tag);
      const out = aesGcmDecrypt({ key: hex(v.key), iv: hex(v.iv), data, ...aad });
      expect(out.toString('hex')).toBe(v.plaintext);
    });
  }
});

describe('aesGcmDecrypt', () => {
  const key = generateAesKey();
  const iv = generateGcmIv();
  const plaintext = Buffer.from('front of an ID card');
  const data = aesGcmEncrypt({ key, iv, plaintext });

  it('round-trips random data', () => {
    expect(aesGcmDecrypt({ key, iv, data })).toEqual(plaintext);
  });

  it('rejects a wrong key', () => {
    expect(() => aesGcmDecrypt({ key: generateAesKey(), iv, data })).toThrow(DecryptionError);
  });

  it('rejects a wrong IV', () => {
    expect(() => aesGcmDecrypt({ key, iv: generateGcmIv(), data })).toThrow(DecryptionError);
  });

  it('rejects a flipped bit in the ciphertext or the tag', () => {
    for (const index of [0, data.length - 1]) {
      const tampered = Buffer.from(data);
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      expect(() => aesGcmDecrypt({ key, iv, data: tampered })).toThrow(DecryptionError);
    }
  });

  it('rejects keys, IVs and data of the wrong size before decrypting', () => {
    expect(() => aesGcmDecrypt({ key: key.subarray(0, 16), iv, data })).toThrow(InvalidCryptoInputError);
    expect(() => aesGcmDecrypt({ key, iv: Buffer.alloc(16), data })).toThrow(InvalidCryptoInputError);
    expect(() => aesGcmDecrypt({ key, iv, data: data.subarray(0, 15) })).toThrow(InvalidCryptoInputError);
  });
});
