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
  fn = await loadHttpFunction(cloud, declared('verify-user'), () => import('../../src/handler.js'));
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

describe('verify-user', () => {
  it('verifies with the mailed token once, and answers one invalid-link error for anything else', async () => {
    const email = `verify.${Date.now()}@example.gov`;
    await local.accounts.createUser({ email, password: 'meadow lantern copper 21' }, origin);
    const token = tokenOf((await waitForMail(cloud.sesUrl, email)).body.text);
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
