import { accountsService, usersTable, usersTableName } from '@backend/accounts';
import type { FunctionDeclaration } from '@backend/contracts';
import { createDocumentClient } from '@backend/persistence';
import {
  loadHttpFunction,
  startLocalCloud,
  waitForMail,
  type HttpFunction,
  type TestLocalCloud,
} from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const declared = (app: string): FunctionDeclaration => accountsService.functions!.find((f) => f.app === app)!;

// The function's own handler.ts in process, configured as the declaration configures it, against the local cloud.
let cloud: TestLocalCloud;
let fn: HttpFunction;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [{ ...accountsService, functions: [] }] });
  fn = await loadHttpFunction(cloud, declared('create-user'), () => import('../../src/handler.js'), {
    PUBLIC_BASE_URL: 'https://id.example.gov',
  });
});

afterAll(async () => {
  await cloud?.stop();
});

const invoke = async (body: unknown) => {
  const { status, body: answer } = await fn.request({ body });
  return { status, body: answer as Record<string, unknown> };
};

describe('create-user', () => {
  it('stores an unverified user hashed at the production parameters and mails a verification link', async () => {
    const email = `new.${Date.now()}@example.gov`;
    expect(await invoke({ email, password: 'harvest moon typewriter 3' })).toEqual({
      status: 202,
      body: { status: 'accepted', message: expect.any(String) },
    });
    const mail = await waitForMail(cloud.sesUrl, email);
    expect(mail.body.text).toContain('https://id.example.gov/accounts/verify.html#email=');
    const client = createDocumentClient(cloud.clientConfig);
    const user = await usersTable(client, usersTableName).get({ email }, { consistent: true });
    client.destroy();
    expect(user).toMatchObject({ status: 'unverified', sessionVersion: 1 });
    expect(user?.['passwordHash']).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
    expect(JSON.stringify(user)).not.toContain('harvest moon');
  });

  it('refuses a common password before storing anything', async () => {
    const email = `weak.${Date.now()}@example.gov`;
    expect(await invoke({ email, password: 'qwerty123456' })).toMatchObject({
      status: 400,
      body: { error: { code: 'WEAK_PASSWORD', field: 'password' } },
    });
    const client = createDocumentClient(cloud.clientConfig);
    expect(await usersTable(client, usersTableName).get({ email })).toBeUndefined();
    client.destroy();
  });
});
