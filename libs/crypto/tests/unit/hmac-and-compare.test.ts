import { describe, expect, it } from 'vitest';
import { constantTimeEqual, hmacSha256 } from '../../src/index.js';

describe('hmacSha256 (RFC 4231 known answers)', () => {
  it('test case 1', () => {
    const mac = hmacSha256(Buffer.alloc(20, 0x0b), 'Hi There');
    expect(mac.toString('hex')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
  });

  it('test case 2', () => {
    const mac = hmacSha256('Jefe', 'what do ya want for nothing?');
    expect(mac.toString('hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});

describe('constantTimeEqual', () => {
  it('is true only for identical secrets', () => {
    expect(constantTimeEqual('token-abc', 'token-abc')).toBe(true);
    expect(constantTimeEqual('token-abc', 'token-abd')).toBe(false);
    expect(constantTimeEqual(Buffer.from('x'), Buffer.from('x'))).toBe(true);
  });

  it('is false for secrets of different lengths, including a prefix', () => {
    expect(constantTimeEqual('token', 'token-abc')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });
});
