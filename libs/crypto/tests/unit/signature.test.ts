import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyCallbackSignature } from '@backend/contracts';
import { describe, expect, it } from 'vitest';
import { signCallback } from '../../src/index.js';

const vectors = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../../contracts/schemas/callback-signature.vectors.json'),
    'utf8',
  ),
) as {
  signing_key: string;
  api_auth_token: string;
  vectors: {
    name: string;
    method: string;
    path: string;
    body: string;
    now_seconds: number;
    header: string;
  }[];
};
const request = { method: 'POST', path: '/api/proofing_results/address/r1', body: '{"address_result":{}}' };
const now = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('signCallback', () => {
  it("produces the contract's test vectors", () => {
    for (const name of [
      'valid',
      'valid, signed 300 s ago (the oldest accepted)',
      'valid, timestamp 30 s ahead (clock skew)',
    ]) {
      const vector = vectors.vectors.find((v) => v.name === name)!;
      const { method, path, body } = vector;
      // Signed at the vector's `t` (the receiver's clock is now_seconds).
      const signedAt = Number(/^t=(\d+),/.exec(vector.header)?.[1]) * 1000 + 999;
      expect(signCallback({ method, path, body }, vectors.signing_key, signedAt)).toBe(vector.header);
    }
  });

  it('has the form t=<seconds>,v2=<64 hex digits> and verifies under the signing key only', () => {
    const header = signCallback(request, 'signing-key', now);
    expect(header).toMatch(/^t=1795262400,v2=[0-9a-f]{64}$/);
    expect(verifyCallbackSignature(header, request, 'signing-key', now)).toBe(true);
    expect(verifyCallbackSignature(header, request, 'api-auth-token', now)).toBe(false);
  });

  it('covers the method, the path (the result id) and the body', () => {
    const header = signCallback(request, 'signing-key', now);
    for (const changed of [
      { ...request, method: 'PUT' },
      { ...request, path: '/api/proofing_results/address/r2' },
      { ...request, body: '{"address_result":{"success":true}}' },
    ])
      expect(verifyCallbackSignature(header, changed, 'signing-key', now)).toBe(false);
  });

  it('is refused from the future beyond a small skew, and when old', () => {
    expect(verifyCallbackSignature(signCallback(request, 'k', now + 30_000), request, 'k', now)).toBe(true);
    expect(verifyCallbackSignature(signCallback(request, 'k', now + 31_000), request, 'k', now)).toBe(false);
    expect(verifyCallbackSignature(signCallback(request, 'k', now - 301_000), request, 'k', now)).toBe(false);
  });
});
