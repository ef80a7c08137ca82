import { ConfigError } from '@backend/platform';
import { describe, expect, it } from 'vitest';
import { JOB_TYPES } from '@backend/contracts';
import { deriveOutcomeKey, vendorSelection } from '../../src/index.js';

describe('deriveOutcomeKey', () => {
  const secret = 'f3b1c0a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3';
  const hex = (key: Uint8Array) => Buffer.from(key).toString('hex');

  it('derives a stable 256-bit key from the parameter value', () => {
    const key = deriveOutcomeKey(secret, 'address');
    expect(key.byteLength).toBe(32);
    expect(hex(deriveOutcomeKey(secret, 'address'))).toBe(hex(key));
    expect(hex(deriveOutcomeKey(`${secret}x`, 'address'))).not.toBe(hex(key));
  });

  it('derives one key per job type (the job type is in the HKDF info)', () => {
    const keys = new Set(JOB_TYPES.map((type) => hex(deriveOutcomeKey(secret, type))));
    expect(keys.size).toBe(JOB_TYPES.length);
  });

  it("refuses Terraform's placeholder and short values", () => {
    expect(() => deriveOutcomeKey('PLACEHOLDER-set-with-tools-secrets', 'address')).toThrow(ConfigError);
    expect(() => deriveOutcomeKey('short-secret', 'document')).toThrow(
      /RESULT_KEY_PARAMETER names a placeholder or a value shorter/,
    );
  });
});

describe('vendorSelection', () => {
  it('refuses a mock in prod with a ConfigError naming the variable', () => {
    const refuse = () => vendorSelection('prod', 'STATE_ID_VENDOR', 'mock', undefined);
    expect(refuse).toThrow(ConfigError);
    expect(refuse).toThrow(expect.objectContaining({ variable: 'STATE_ID_VENDOR' }));
    expect(refuse).toThrow(/^STATE_ID_VENDOR is mock, and mocks never run in prod/);
  });

  it('accepts a real vendor in prod and a mock elsewhere', () => {
    expect(vendorSelection('prod', 'STATE_ID_VENDOR', 'aamva', 'prod/proofing/vendors/aamva')).toEqual({
      kind: 'aamva',
      secretName: 'prod/proofing/vendors/aamva',
    });
    for (const environment of ['local', 'sandbox', 'test', 'beta'] as const) {
      expect(vendorSelection(environment, 'STATE_ID_VENDOR', 'mock', undefined)).toEqual({ kind: 'mock' });
    }
  });

  it('still needs the secret of a real vendor', () => {
    expect(() => vendorSelection('prod', 'DOCUMENT_VENDOR', 'acuant', undefined)).toThrow(
      expect.objectContaining({ variable: 'DOCUMENT_VENDOR_SECRET' }),
    );
  });
});
