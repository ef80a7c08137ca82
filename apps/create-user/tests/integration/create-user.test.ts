import { accountsService, localAccounts, usersTable, usersTableName } from '@backend/accounts';
import { createDocumentClient } from '@backend/persistence';
import { startAccountsFunctionHarness, waitForMail, type AccountsFunctionHarness } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The function's own handler.ts in process, configured as the declaration configures it, against the local cloud.
let harness: AccountsFunctionHarness<ReturnType<typeof localAccounts>>;

beforeAll(async () => {
  harness = await startAccountsFunctionHarness({
    service: accountsService,
    localAccounts,
    app: 'create-user',
    handler: () => import('../../src/handler.js'),
    environment: { PUBLIC_BASE_URL: 'https://id.example.gov' },
  });
});

afterAll(async () => {
  await harness?.stop();
});

const storedUser = async (email: string) => {
  const client = createDocumentClient(harness.cloud.clientConfig);
  const user = await usersTable(client, usersTableName).get({ email }, { consistent: true });
  client.destroy();
  return user;
};

describe('create-user', () => {
  it('stores an unverified user hashed at the production parameters and mails a verification link', async () => {
    const email = `new.${Date.now()}@example.gov`;
    expect(await harness.invoke({ email, password: 'harvest moon typewriter 3' })).toEqual({
      status: 202,
      body: { status: 'accepted', message: expect.any(String) },
    });
    const mail = await waitForMail(harness.cloud.sesUrl, email);
    expect(mail.body.text).toContain('https://id.example.gov/accounts/verify.html#email=');
    const user = await storedUser(email);
    expect(user).toMatchObject({ status: 'unverified', sessionVersion: 1 });
    expect(user?.['passwordHash']).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
    expect(JSON.stringify(user)).not.toContain('harvest moon');
  });

  it('refuses a common password before storing anything', async () => {
    const email = `weak.${Date.now()}@example.gov`;
    expect(await harness.invoke({ email, password: 'qwerty123456' })).toMatchObject({
      status: 400,
      body: { error: { code: 'WEAK_PASSWORD', field: 'password' } },
    });
    expect(await storedUser(email)).toBeUndefined();
  });
});
