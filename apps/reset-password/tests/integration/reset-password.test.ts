import { accountsService, localAccounts, type LocalAccounts } from '@backend/accounts';
import type { FunctionDeclaration } from '@backend/contracts';
import {
  loadHttpFunction,
  startLocalCloud,
  waitForMail,
  type HttpFunction,
  type TestLocalCloud,
} from '@backend/testing';
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
  fn = await loadHttpFunction(cloud, declared('reset-password'), () => import('../../src/handler.js'));
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

const tokenOf = (text: string | undefined) =>
  new URLSearchParams(/#(\S+)/.exec(text ?? '')![1]).get('token')!;

/** A verified user with this password, written through the lib. */
async function verifiedUser(name: string, password: string): Promise<string> {
  const email = `${name}.${Math.random().toString(36).slice(2, 10)}@example.gov`;
  await local.createVerifiedUser(email, password);
  return email;
}

describe('reset-password', () => {
  it('sets the new password with the mailed token once, and refuses a weak one without using the token', async () => {
    const email = await verifiedUser('reset', 'pebble horizon falcon 1');
    await local.accounts.lostPassword({ email }, origin);
    const token = tokenOf((await waitForMail(cloud.sesUrl, email)).body.text);
    expect(await invoke({ email, token, newPassword: 'qwerty123456' })).toMatchObject({
      status: 400,
      body: { error: { code: 'WEAK_PASSWORD', field: 'newPassword' } },
    });
    expect(await invoke({ email, token, newPassword: 'saffron beacon thimble 5' })).toMatchObject({
      status: 200,
      body: { status: 'changed' },
    });
    expect(await invoke({ email, token, newPassword: 'yet another passphrase 6' })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_OR_EXPIRED_LINK' } },
    });
    await expect(
      local.accounts.login({ email, password: 'saffron beacon thimble 5' }, origin),
    ).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });
});
