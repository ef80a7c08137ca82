import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_MAX_AGE_SECONDS,
  SIGNATURE_MAX_FUTURE_SKEW_SECONDS,
  checkCallbackSignature,
} from '../../src/index.js';

interface Vector {
  name: string;
  method: string;
  path: string;
  body: string;
  now_seconds: number;
  header: string;
  expected: string;
}
const published = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../schemas/callback-signature.vectors.json'), 'utf8'),
) as {
  signing_key: string;
  api_auth_token: string;
  max_age_seconds: number;
  max_future_skew_seconds: number;
  vectors: Vector[];
};

describe('the reference verification of X-Signature', () => {
  it('publishes the limits it applies', () => {
    expect(published.max_age_seconds).toBe(SIGNATURE_MAX_AGE_SECONDS);
    expect(published.max_future_skew_seconds).toBe(SIGNATURE_MAX_FUTURE_SKEW_SECONDS);
  });

  it.each(published.vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const { method, path, body } = vector;
    const header = vector.header === '' ? undefined : vector.header;
    expect(
      checkCallbackSignature(
        header,
        { method, path, body },
        published.signing_key,
        vector.now_seconds * 1000,
      ),
    ).toBe(vector.expected);
  });

  it('covers the hostile cases: a forged signature made with the token alone, a future timestamp', () => {
    const verdicts = new Set(published.vectors.map((v) => v.expected));
    expect([...verdicts].sort()).toEqual(['expired', 'from the future', 'malformed', 'mismatch', 'valid']);
    expect(published.vectors.some((v) => v.name.includes('forged with the token'))).toBe(true);
  });
});
