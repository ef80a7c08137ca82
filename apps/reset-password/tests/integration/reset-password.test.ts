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
    app: 'reset-password',
    handler: () => import('../../src/handler.js'),
  });
});

afterAll(async () => {
  await harness?.stop();
});

describe('reset-password', () => {
  it('sets the new password with the mailed token once, and refuses a weak one without using the token', async () => {
    const email = await harness.verifiedUser('reset', 'pebble horizon falcon 1');
    await harness.local.accounts.lostPassword({ email }, harness.origin);
    const token = await harness.mailedToken(email);
    expect(await harness.invoke({ email, token, newPassword: 'qwerty123456' })).toMatchObject({
      status: 400,
      body: { error: { code: 'WEAK_PASSWORD', field: 'newPassword' } },
    });
    expect(await harness.invoke({ email, token, newPassword: 'saffron beacon thimble 5' })).toMatchObject({
      status: 200,
      body: { status: 'changed' },
    });
    expect(await harness.invoke({ email, token, newPassword: 'yet another passphrase 6' })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_OR_EXPIRED_LINK' } },
    });
    await expect(
      harness.local.accounts.login({ email, password: 'saffron beacon thimble 5' }, harness.origin),
    ).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });
});
