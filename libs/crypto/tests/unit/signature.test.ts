import { describe, expect, it } from 'vitest';
import { signCallback, verifyCallbackSignature } from '../../src/index.js';

const body = '{"address_result":{"success":true}}';
const now = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('callback signatures', () => {
  it('has the form t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    expect(signCallback(body, 'secret', now)).toMatch(/^t=1795262400,v1=[0-9a-f]{64}$/);
  });

  it('verifies the exact body under the same secret', () => {
    const header = signCallback(body, 'secret', now);
    expect(verifyCallbackSignature(header, body, 'secret', { now })).toBe(true);
  });

  it('rejects a changed body, another secret, a changed timestamp or a missing header', () => {
    const header = signCallback(body, 'secret', now);
    expect(verifyCallbackSignature(header, body.replace('true', 'false'), 'secret', { now })).toBe(false);
    expect(verifyCallbackSignature(header, body, 'other', { now })).toBe(false);
    expect(
      verifyCallbackSignature(header.replace('t=1795262400', 't=1795262401'), body, 'secret', { now }),
    ).toBe(false);
    expect(verifyCallbackSignature(undefined, body, 'secret', { now })).toBe(false);
    expect(verifyCallbackSignature('garbage', body, 'secret', { now })).toBe(false);
  });

  it('rejects a replay older than the tolerance', () => {
    const header = signCallback(body, 'secret', now);
    expect(verifyCallbackSignature(header, body, 'secret', { now: now + 299_000 })).toBe(true);
    expect(verifyCallbackSignature(header, body, 'secret', { now: now + 301_000 })).toBe(false);
  });
});
