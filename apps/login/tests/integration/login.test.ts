import {
  accountsService,
  localAccounts,
  usersTable,
  usersTableName,
  type LocalAccounts,
} from '@backend/accounts';
import { createDocumentClient } from '@backend/persistence';
import type { FunctionDeclaration } from '@backend/contracts';
import { loadHttpFunction, startLocalCloud, type HttpFunction, type TestLocalCloud } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The function's own handler.ts in process, configured as the declaration configures it, against the local cloud.
// Users are prepared through the lib with cheap hash parameters (a real login upgrades them).
let cloud: TestLocalCloud;
let fn: HttpFunction;
let local: LocalAccounts;
const origin = { sourceIp: '203.0.113.9' };
const declared = (app: string): FunctionDeclaration => accountsService.functions!.find((f) => f.app === app)!;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [{ ...accountsService, functions: [] }] });
  fn = await loadHttpFunction(cloud, declared('login'), () => import('../../src/handler.js'));
  local = localAccounts({ clientConfig: cloud.clientConfig, hashParameters: { logN: 10, r: 8, p: 1 } });
});

afterAll(async () => {
  local?.destroy();
  await cloud?.stop();
});

const invoke = async (body: unknown, headers: Record<string, string> = {}) => {
  const { status, body: answer } = await fn.request({ body, headers });
  return { status, body: answer as Record<string, unknown> };
};

/** A verified user with this password, written through the lib. */
async function verifiedUser(name: string, password: string): Promise<string> {
  const email = `${name}.${Math.random().toString(36).slice(2, 10)}@example.gov`;
  await local.createVerifiedUser(email, password);
  return email;
}

describe('login', () => {
  it('issues a session change-password accepts and upgrades the stored hash to the production parameters', async () => {
    const password = 'juniper rocket almanac 6';
    const email = await verifiedUser('login', password);
    const answer = await invoke({ email, password });
    expect(answer).toMatchObject({ status: 200, body: { tokenType: 'Bearer', expiresIn: 900 } });
    // Federated as declared: the local cloud's Cognito gave the user an identity.
    expect(answer.body['identityId']).toMatch(/^us-east-1:/);
    expect(answer.body['openIdToken']).toEqual(expect.any(String));
    const client = createDocumentClient(cloud.clientConfig);
    const stored = await usersTable(client, usersTableName).get({ email }, { consistent: true });
    client.destroy();
    expect(stored?.['passwordHash']).toMatch(/^\$scrypt\$ln=17,/);
    await expect(
      local.accounts.changePassword(
        { oldPassword: password, newPassword: 'another fine passphrase 8' },
        { ...origin, sessionToken: answer.body['token'] as string },
      ),
    ).resolves.toMatchObject({ status: 'changed' });
  });

  it('answers a wrong password and an unknown address alike', async () => {
    const email = await verifiedUser('alike', 'juniper rocket almanac 6');
    const wrong = await invoke({ email, password: 'juniper rocket almanac 7' });
    expect(wrong).toEqual({
      status: 401,
      body: { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' } },
    });
    expect(await invoke({ email: `x${email}`, password: 'juniper rocket almanac 6' })).toEqual(wrong);
  });
});
