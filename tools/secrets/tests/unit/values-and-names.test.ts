import { describe, expect, it } from 'vitest';
import {
  PLACEHOLDER,
  UsageError,
  defaultHandoffSecret,
  defaultKmsKey,
  environmentOf,
  fingerprint,
  generateSecret,
} from '../../src/index.js';

describe('generateSecret', () => {
  it('makes 256-bit base64url values that differ every time', () => {
    const values = new Set(Array.from({ length: 50 }, () => generateSecret()));
    expect(values.size).toBe(50);
    for (const value of values) {
      expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(value, 'base64url')).toHaveLength(32);
    }
  });
});

describe('fingerprint', () => {
  it('is the first 12 hex digits of the SHA-256, never the value', () => {
    // printf 'abc' | sha256sum -> ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(fingerprint('abc')).toBe('sha256:ba7816bf8f01');
    expect(fingerprint(PLACEHOLDER)).not.toContain(PLACEHOLDER);
  });
});

describe('names', () => {
  it('derives the environment, hand-off secret and KMS key from the parameter name', () => {
    const parameter = '/beta/idp/doc-capture/resolution_proof_result_token';
    expect(environmentOf(parameter)).toBe('beta');
    expect(defaultHandoffSecret(parameter)).toBe(
      'beta/idp/doc-capture/resolution_proof_result_token/handoff',
    );
    expect(defaultKmsKey(parameter)).toBe('alias/beta/parameters');
  });

  it('rejects a name that is not an absolute /<env>/<path>', () => {
    for (const bad of ['prod/token', '/prod', '/PROD/x', '', '/prod/has space']) {
      expect(() => environmentOf(bad)).toThrow(UsageError);
    }
  });
});
