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
const ROUTE = 'POST /api/accounts/login';
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
    lambdaContext('local-login'),
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

describe('login', () => {
  it('issues a session change-password accepts and upgrades the stored hash to the production parameters', async () => {
    const password = 'juniper rocket almanac 6';
    const email = await verifiedUser('login', password);
    const answer = await invoke({ email, password });
    expect(answer).toMatchObject({ status: 200, body: { tokenType: 'Bearer', expiresIn: 900 } });
    expect(answer.body).not.toHaveProperty('identityId');
    const client = createDocumentClient(cloud.clientConfig);
    const stored = await usersTable(client, usersTableName).get({ email }, { consistent: true });
    client.destroy();
    expect(stored?.['passwordHash']).toMatch(/^\$scrypt\$ln=17,/);
    await expect(
      seed.changePassword(
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
