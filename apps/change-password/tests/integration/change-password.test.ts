import { SESClient } from '@aws-sdk/client-ses';
import {
  accountsService,
  checkPasswordPolicy,
  createAccounts,
  rateLimiter,
  rateLimitTableName,
  sessionIssuer,
  sessionKeysSecretName,
  sessionKeyringFrom,
  usersTable,
  usersTableName,
  type Accounts,
} from '@backend/accounts';
import { createDocumentClient } from '@backend/persistence';
import { createMailer } from '@backend/platform';
import {
  httpApiEvent,
  lambdaContext,
  startLocalCloud,
  waitForMail,
  type TestLocalCloud,
} from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as HandlerModule from '../../src/handler.js';

// The function's own handler.ts in process, configured as the declaration configures it, against the local cloud.
// Users are prepared through the lib with cheap hash parameters (a real login upgrades them).
let cloud: TestLocalCloud;
let handler: typeof HandlerModule.handler;
let seed: Accounts;
const clients: { destroy(): void }[] = [];
const ROUTE = 'POST /api/accounts/password';
const origin = { sourceIp: '203.0.113.9' };

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [{ ...accountsService, functions: [] }] });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_REGION: cloud.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    ENVIRONMENT: 'local',
    USERS_TABLE: usersTableName,
    RATE_LIMIT_TABLE: rateLimitTableName,
    SESSION_KEYS_SECRET: sessionKeysSecretName,
  });
  const dynamodb = createDocumentClient(cloud.clientConfig);
  const ses = new SESClient(cloud.clientConfig);
  clients.push(dynamodb, ses);
  seed = createAccounts({
    users: usersTable(dynamodb, usersTableName),
    limiter: rateLimiter(dynamodb, rateLimitTableName),
    passwordPolicy: checkPasswordPolicy,
    mailer: createMailer({ from: 'no-reply@accounts.local.test', sesClient: ses }),
    publicBaseUrl: 'https://id.example.gov',
    sessionKeyring: sessionKeyringFrom(sessionKeysSecretName),
    issuer: sessionIssuer('local'),
    hashParameters: { logN: 10, r: 8, p: 1 },
  });
  ({ handler } = await import('../../src/handler.js'));
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await cloud?.stop();
});

const invoke = async (body: unknown, headers: Record<string, string> = {}) => {
  const result = (await handler(
    httpApiEvent({ routeKey: ROUTE, body, headers, sourceIp: '192.0.2.44' }),
    lambdaContext('local-change-password'),
  )) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
};

const tokenOf = (text: string | undefined) =>
  new URLSearchParams(/#(\S+)/.exec(text ?? '')![1]).get('token')!;

/** A verified user with this password, made through the lib. */
async function verifiedUser(name: string, password: string): Promise<string> {
  const email = `${name}.${Math.random().toString(36).slice(2, 10)}@example.gov`;
  await seed.createUser({ email, password }, origin);
  await seed.verifyUser(
    { email, token: tokenOf((await waitForMail(cloud.sesUrl, email)).body.text) },
    origin,
  );
  return email;
}

describe('change-password', () => {
  it('changes the password with a valid session and ends it', async () => {
    const password = 'tundra violin sparrow 4';
    const email = await verifiedUser('change', password);
    const { token } = await seed.login({ email, password }, origin);
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
      seed.login({ email, password: 'harbour cinnamon glacier 2' }, origin),
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
