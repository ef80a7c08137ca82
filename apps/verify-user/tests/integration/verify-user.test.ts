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
const ROUTE = 'POST /api/accounts/verify';
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
    lambdaContext('local-verify-user'),
  )) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
};

const tokenOf = (text: string | undefined) =>
  new URLSearchParams(/#(\S+)/.exec(text ?? '')![1]).get('token')!;

describe('verify-user', () => {
  it('verifies with the mailed token once, and answers one invalid-link error for anything else', async () => {
    const email = `verify.${Date.now()}@example.gov`;
    await seed.createUser({ email, password: 'meadow lantern copper 21' }, origin);
    const token = tokenOf((await waitForMail(cloud.sesUrl, email)).body.text);
    const invalid = {
      status: 400,
      body: { error: { code: 'INVALID_OR_EXPIRED_LINK', message: expect.any(String), field: 'token' } },
    };
    expect(await invoke({ email, token: 'B'.repeat(43) })).toEqual(invalid);
    expect(await invoke({ email: `other.${email}`, token })).toEqual(invalid);
    expect(await invoke({ email, token })).toMatchObject({ status: 200, body: { status: 'verified' } });
    expect(await invoke({ email, token })).toEqual(invalid);
    await expect(seed.login({ email, password: 'meadow lantern copper 21' }, origin)).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });
});
