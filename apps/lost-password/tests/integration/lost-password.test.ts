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
const declared = (app: string): FunctionDeclaration => accountsService.functions!.find((f) => f.app === app)!;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [{ ...accountsService, functions: [] }] });
  fn = await loadHttpFunction(cloud, declared('lost-password'), () => import('../../src/handler.js'), {
    PUBLIC_BASE_URL: 'https://id.example.gov',
  });
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

describe('lost-password', () => {
  it('mails a reset link to an account and a note to an address without one, answering both the same', async () => {
    const email = await verifiedUser('lost', 'orchid canyon mosaic 9');
    const stranger = `stranger.${Date.now()}@example.gov`;
    const known = await invoke({ email });
    expect(known).toEqual(await invoke({ email: stranger }));
    expect(known).toMatchObject({ status: 202, body: { status: 'accepted' } });
    const reset = await waitForMail(cloud.sesUrl, email);
    expect(reset.subject).toBe('Reset your password');
    expect(reset.body.text).toContain('https://id.example.gov/accounts/reset-password.html#email=');
    expect((await waitForMail(cloud.sesUrl, stranger)).subject).toBe('Password reset requested');
  });
});
