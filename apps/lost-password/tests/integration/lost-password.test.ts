import { accountsService, localAccounts } from '@backend/accounts';
import { startAccountsFunctionHarness, waitForMail, type AccountsFunctionHarness } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The function's own handler.ts in process, configured as the declaration configures it, against the local cloud.
// Users are prepared through the lib with cheap hash parameters (a real login upgrades them).
let harness: AccountsFunctionHarness<ReturnType<typeof localAccounts>>;

beforeAll(async () => {
  harness = await startAccountsFunctionHarness({
    service: accountsService,
    localAccounts,
    app: 'lost-password',
    handler: () => import('../../src/handler.js'),
    environment: { PUBLIC_BASE_URL: 'https://id.example.gov' },
  });
});

afterAll(async () => {
  await harness?.stop();
});

describe('lost-password', () => {
  it('mails a reset link to an account and a note to an address without one, answering both the same', async () => {
    const email = await harness.verifiedUser('lost', 'orchid canyon mosaic 9');
    const stranger = `stranger.${Date.now()}@example.gov`;
    const known = await harness.invoke({ email });
    expect(known).toEqual(await harness.invoke({ email: stranger }));
    expect(known).toMatchObject({ status: 202, body: { status: 'accepted' } });
    const reset = await waitForMail(harness.cloud.sesUrl, email);
    expect(reset.subject).toBe('Reset your password');
    expect(reset.body.text).toContain('https://id.example.gov/accounts/reset-password.html#email=');
    expect((await waitForMail(harness.cloud.sesUrl, stranger)).subject).toBe('Password reset requested');
  });
});
