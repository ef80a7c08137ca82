import { ConfigError } from '@backend/platform';
import { describe, expect, it } from 'vitest';
import { deriveOutcomeKey } from '../../src/index.js';

describe('deriveOutcomeKey', () => {
  const secret = 'f3b1c0a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3';

  it('derives a stable 256-bit key from the parameter value', () => {
    const key = deriveOutcomeKey(secret);
    expect(key.byteLength).toBe(32);
    expect(Buffer.from(deriveOutcomeKey(secret)).equals(Buffer.from(key))).toBe(true);
    expect(Buffer.from(deriveOutcomeKey(`${secret}x`)).equals(Buffer.from(key))).toBe(false);
  });

  it("refuses Terraform's placeholder and short values", () => {
    expect(() => deriveOutcomeKey('PLACEHOLDER-set-with-tools-secrets')).toThrow(ConfigError);
    expect(() => deriveOutcomeKey('short-secret')).toThrow(
      /RESULT_KEY_PARAMETER names a placeholder or a value shorter/,
    );
  });
});
