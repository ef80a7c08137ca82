import { afterEach, describe, expect, it, vi } from 'vitest';
import { redactString, registerSensitiveValues, withSensitiveValueScope } from '../../src/index.js';

/**
 * Two overlapping scopes, as two invocations in one process: the first registers its SSN and waits
 * while the second registers its own and redacts a text holding both. Returns what each redacted.
 */
async function overlappingScopes(): Promise<{ second: string; first: string; after: string }> {
  const both = 'ssn 111-22-3333 and 444-55-6666';
  let releaseFirst: () => void = () => undefined;
  const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
  const first = withSensitiveValueScope(async () => {
    registerSensitiveValues('111-22-3333');
    await firstMayEnd;
    return redactString(both);
  });
  const second = await withSensitiveValueScope(async () => {
    registerSensitiveValues('444-55-6666');
    await Promise.resolve();
    return redactString(both);
  });
  releaseFirst();
  return { second, first: await first, after: redactString(both) };
}

describe('withSensitiveValueScope', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('keeps overlapping invocations apart on Lambda managed instances (AWS_LAMBDA_MAX_CONCURRENCY set)', async () => {
    vi.stubEnv('AWS_LAMBDA_MAX_CONCURRENCY', '8');
    expect(await overlappingScopes()).toEqual({
      second: 'ssn 111-22-3333 and [REDACTED]',
      first: 'ssn [REDACTED] and 444-55-6666',
      after: 'ssn 111-22-3333 and 444-55-6666',
    });
  });

  it('lets scopes that overlap elsewhere share one list, forgetting it only when the last ends', async () => {
    expect(await overlappingScopes()).toEqual({
      second: 'ssn [REDACTED] and [REDACTED]',
      first: 'ssn [REDACTED] and [REDACTED]',
      after: 'ssn 111-22-3333 and 444-55-6666',
    });
  });

  it('starts each invocation with an empty list and ends it on a throw too', async () => {
    await expect(
      withSensitiveValueScope(async () => {
        registerSensitiveValues('555-66-7777');
        expect(redactString('x 555-66-7777')).toBe('x [REDACTED]');
        throw new Error('job failed');
      }),
    ).rejects.toThrow('job failed');
    expect(withSensitiveValueScope(() => redactString('x 555-66-7777'))).toBe('x 555-66-7777');
    expect(() =>
      withSensitiveValueScope(() => {
        registerSensitiveValues('888-99-0000');
        throw new Error('sync failure');
      }),
    ).toThrow('sync failure');
    expect(redactString('y 888-99-0000')).toBe('y 888-99-0000');
  });
});
