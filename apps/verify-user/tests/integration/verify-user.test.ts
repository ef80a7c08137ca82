import { accountsService, localAccounts } from '@backend/accounts';
import { startAccountsFunctionHarness, type AccountsFunctionHarness } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The function's own handler.ts in process, configured as the declaration configures it, against the local cloud.
// Users are prepared through the lib with cheap hash parameters (a real login upgrades them).
let harness: AccountsFunctionHarness<ReturnType<typeof localAccounts>>;

beforeAll(async () => {
  harness = await startAccountsFunctionHarness({
    service: accountsService,
    localAccounts,
    app: 'verify-user',
    handler: () => import('../../src/handler.js'),
  });
});

afterAll(async () => {
  await harness?.stop();
});

describe('verify-user', () => {
  it('verifies with the mailed token once, and answers one invalid-link error for anything else', async () => {
    const { invoke, local, origin } = harness;
    const email = `verify.${Date.now()}@example.gov`;
    await local.accounts.createUser({ email, password: 'meadow lantern copper 21' }, origin);
    const token = await harness.mailedToken(email);
    const invalid = {
      status: 400,
      body: { error: { code: 'INVALID_OR_EXPIRED_LINK', message: expect.any(String), field: 'token' } },
    };
    expect(await invoke({ email, token: 'B'.repeat(43) })).toEqual(invalid);
    expect(await invoke({ email: `other.${email}`, token })).toEqual(invalid);
    expect(await invoke({ email, token })).toMatchObject({ status: 200, body: { status: 'verified' } });
    expect(await invoke({ email, token })).toEqual(invalid);
    await expect(
      local.accounts.login({ email, password: 'meadow lantern copper 21' }, origin),
    ).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });
});
