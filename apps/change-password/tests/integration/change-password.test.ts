import { accountsService, localAccounts, type LocalAccounts } from '@backend/accounts';
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
  fn = await loadHttpFunction(cloud, declared('change-password'), () => import('../../src/handler.js'));
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

describe('change-password', () => {
  it('changes the password with a valid session and ends it', async () => {
    const password = 'tundra violin sparrow 4';
    const email = await verifiedUser('change', password);
    const { token } = await local.accounts.login({ email, password }, origin);
    const auth = { authorization: `Bearer ${token}` };
    expect(
      await invoke({ oldPassword: password, newPassword: 'harbour cinnamon glacier 2' }, auth),
    ).toMatchObject({
      status: 200,
      body: { status: 'changed' },
    });
    expect(
      await invoke(
        { oldPassword: 'harbour cinnamon glacier 2', newPassword: 'third fine passphrase 3' },
        auth,
      ),
    ).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_SESSION' } },
    });
    await expect(
      local.accounts.login({ email, password: 'harbour cinnamon glacier 2' }, origin),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('refuses a missing or malformed session', async () => {
    const body = { oldPassword: 'x', newPassword: 'harbour cinnamon glacier 2' };
    expect(await invoke(body)).toMatchObject({ status: 401, body: { error: { code: 'INVALID_SESSION' } } });
    expect(await invoke(body, { authorization: 'Bearer not-a-jwt' })).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_SESSION' } },
    });
    expect(await invoke(body, { authorization: 'Basic abc' })).toMatchObject({ status: 401 });
  });
});
