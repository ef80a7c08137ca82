import { accountsService, localAccounts, usersTable, usersTableName } from '@backend/accounts';
import { createDocumentClient } from '@backend/persistence';
import { startAccountsFunctionHarness, type AccountsFunctionHarness } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The function's own handler.ts in process, configured as the declaration configures it, against the local cloud.
// Users are prepared through the lib with cheap hash parameters (a real login upgrades them).
let harness: AccountsFunctionHarness<ReturnType<typeof localAccounts>>;

beforeAll(async () => {
  harness = await startAccountsFunctionHarness({
    service: accountsService,
    localAccounts,
    app: 'login',
    handler: () => import('../../src/handler.js'),
  });
});

afterAll(async () => {
  await harness?.stop();
});

describe('login', () => {
  it('issues a session change-password accepts and upgrades the stored hash to the production parameters', async () => {
    const password = 'juniper rocket almanac 6';
    const email = await harness.verifiedUser('login', password);
    const answer = await harness.invoke({ email, password });
    expect(answer).toMatchObject({ status: 200, body: { tokenType: 'Bearer', expiresIn: 900 } });
    // Federated as declared: the local cloud's Cognito gave the user an identity.
    expect(answer.body['identityId']).toMatch(/^us-east-1:/);
    expect(answer.body['openIdToken']).toEqual(expect.any(String));
    const client = createDocumentClient(harness.cloud.clientConfig);
    const stored = await usersTable(client, usersTableName).get({ email }, { consistent: true });
    client.destroy();
    expect(stored?.['passwordHash']).toMatch(/^\$scrypt\$ln=17,/);
    await expect(
      harness.local.accounts.changePassword(
        { oldPassword: password, newPassword: 'another fine passphrase 8' },
        { ...harness.origin, sessionToken: answer.body['token'] as string },
      ),
    ).resolves.toMatchObject({ status: 'changed' });
  });

  it('answers a wrong password and an unknown address alike', async () => {
    const email = await harness.verifiedUser('alike', 'juniper rocket almanac 6');
    const wrong = await harness.invoke({ email, password: 'juniper rocket almanac 7' });
    expect(wrong).toEqual({
      status: 401,
      body: { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' } },
    });
    expect(await harness.invoke({ email: `x${email}`, password: 'juniper rocket almanac 6' })).toEqual(wrong);
  });
});
