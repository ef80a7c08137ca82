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
    app: 'change-password',
    handler: () => import('../../src/handler.js'),
  });
});

afterAll(async () => {
  await harness?.stop();
});

describe('change-password', () => {
  it('changes the password with a valid session and ends it', async () => {
    const password = 'tundra violin sparrow 4';
    const email = await harness.verifiedUser('change', password);
    const { token } = await harness.local.accounts.login({ email, password }, harness.origin);
    const auth = { authorization: `Bearer ${token}` };
    expect(
      await harness.invoke({ oldPassword: password, newPassword: 'harbour cinnamon glacier 2' }, auth),
    ).toMatchObject({
      status: 200,
      body: { status: 'changed' },
    });
    expect(
      await harness.invoke(
        { oldPassword: 'harbour cinnamon glacier 2', newPassword: 'third fine passphrase 3' },
        auth,
      ),
    ).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_SESSION' } },
    });
    await expect(
      harness.local.accounts.login({ email, password: 'harbour cinnamon glacier 2' }, harness.origin),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('refuses a missing or malformed session', async () => {
    const body = { oldPassword: 'x', newPassword: 'harbour cinnamon glacier 2' };
    expect(await harness.invoke(body)).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_SESSION' } },
    });
    expect(await harness.invoke(body, { authorization: 'Bearer not-a-jwt' })).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_SESSION' } },
    });
    expect(await harness.invoke(body, { authorization: 'Basic abc' })).toMatchObject({ status: 401 });
  });
});
