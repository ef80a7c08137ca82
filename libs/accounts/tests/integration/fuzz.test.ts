import { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ACCOUNTS_ROUTES, type AccountsApp } from '@backend/contracts';
import { createDocumentClient } from '@backend/persistence';
import { createMailer, httpHandler } from '@backend/platform';
import {
  httpApiEvent,
  lambdaContext,
  startLocalCloud,
  waitForMail,
  type TestLocalCloud,
} from '@backend/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  accountsRoutes,
  accountsService,
  checkPasswordPolicy,
  createAccounts,
  newSessionKeyringDocument,
  parseSessionKeyring,
  rateLimiter,
  rateLimitTableName,
  usersTable,
  usersTableName,
  type Accounts,
  type UserRecord,
} from '../../src/index.js';

// 1,000 fuzzed requests per route through the same httpHandler and routes the functions run, in process against
// the local cloud's DynamoDB and SES (cheap hash parameters: the hash is not what is fuzzed). Every answer is a
// normal one or a 4xx in the error envelope, never a 5xx; no request verifies, changes or logs in a user it should
// not; no log line holds a password, token or session.
const RUNS = 1000;
const CHEAP = { logN: 10, r: 8, p: 1 };
const VICTIM = 'victim@example.gov';
const VICTIM_PASSWORD = 'PWvictim-sapphire-orchard-51';

let cloud: TestLocalCloud;
let dynamodb: DynamoDBDocumentClient;
let ses: SESClient;
let accounts: Accounts;
let session: string;
let victimBefore: UserRecord;
let logs = '';

const userOf = async (email: string) =>
  (await usersTable(dynamodb, usersTableName).get({ email }, { consistent: true })) as UserRecord | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [{ ...accountsService, functions: [] }] });
  dynamodb = createDocumentClient(cloud.clientConfig);
  ses = new SESClient(cloud.clientConfig);
  const keyring = parseSessionKeyring(newSessionKeyringDocument());
  accounts = createAccounts({
    users: usersTable(dynamodb, usersTableName),
    limiter: rateLimiter(dynamodb, rateLimitTableName),
    passwordPolicy: checkPasswordPolicy,
    mailer: createMailer({ from: 'no-reply@accounts.local.test', sesClient: ses }),
    publicBaseUrl: 'http://127.0.0.1:1',
    sessionKeyring: async () => keyring,
    issuer: 'accounts.local',
    hashParameters: CHEAP,
  });
  // A verified user the fuzzed requests aim at, with a live session.
  const origin = { sourceIp: '192.0.2.1' };
  await accounts.createUser({ email: VICTIM, password: VICTIM_PASSWORD }, origin);
  const text = (await waitForMail(cloud.sesUrl, VICTIM)).body.text ?? '';
  const token = new URLSearchParams(/#(\S+)/.exec(text)![1]).get('token')!;
  await accounts.verifyUser({ email: VICTIM, token }, origin);
  session = (await accounts.login({ email: VICTIM, password: VICTIM_PASSWORD }, origin)).token;
  victimBefore = (await userOf(VICTIM))!;

  const capture = (chunk: string | Uint8Array) => {
    logs += chunk.toString();
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  dynamodb?.destroy();
  ses?.destroy();
  await cloud?.stop();
});

// Values the fuzzer mixes into every field: odd types, huge strings, unicode, near-misses of the real ones.
const odd = fc.oneof(
  fc.anything(),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constant('A'.repeat(43)),
  fc.constant('x'.repeat(5000)),
  fc.integer(),
  fc.constant(null),
);
const email = fc.oneof(
  { weight: 3, arbitrary: fc.constant(VICTIM) },
  { weight: 1, arbitrary: fc.constant(VICTIM.toUpperCase()) },
  { weight: 2, arbitrary: fc.emailAddress() },
  { weight: 2, arbitrary: odd },
);
const password = fc.oneof(
  { weight: 3, arbitrary: fc.string({ minLength: 0, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant('ﷺ'.repeat(70)) },
  { weight: 1, arbitrary: fc.constant('qwerty123456') },
  { weight: 2, arbitrary: odd },
);
const token = fc.oneof(fc.base64String({ minLength: 40, maxLength: 46 }), fc.string({ maxLength: 50 }), odd);

const fieldsOf: Record<AccountsApp, Record<string, fc.Arbitrary<unknown>>> = {
  'create-user': { email, password },
  'verify-user': { email, token },
  login: { email, password },
  'change-password': { oldPassword: password, newPassword: password },
  'lost-password': { email },
  'reset-password': { email, token, newPassword: password },
};

/** A body: the route's fields (some missing, some extra), any JSON, or something that is not JSON at all. */
const bodyFor = (app: AccountsApp) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record(fieldsOf[app], { requiredKeys: [] }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.record(fieldsOf[app]), fc.dictionary(fc.string({ maxLength: 10 }), odd, { maxKeys: 3 }))
        .map(([fields, extra]) => ({ ...extra, ...fields })),
    },
    { weight: 1, arbitrary: fc.anything().map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );

const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/merge-patch+json',
    ),
    authorization: fc.oneof(
      fc.constant(`Bearer ${'placeholder'}`),
      fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
      fc.string({ maxLength: 60 }),
      fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
    ),
  },
  { requiredKeys: ['content-type'] },
);

describe.each(ACCOUNTS_ROUTES.map((route) => [route.app, route] as const))('fuzzed %s', (app, route) => {
  it(`answers ${RUNS} fuzzed requests with a normal answer or a 4xx in the error envelope`, async () => {
    const handler = httpHandler(accountsRoutes(accounts)[app]);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        bodyFor(app),
        headers,
        fc.ipV4(),
        fc.boolean(),
        async (body, head, sourceIp, withSession) => {
          const requestHeaders: Record<string, string> = { ...head } as Record<string, string>;
          if (app === 'change-password' && withSession) requestHeaders['authorization'] = `Bearer ${session}`;
          else if (requestHeaders['authorization'] === 'Bearer placeholder')
            delete requestHeaders['authorization'];
          const result = (await handler(
            httpApiEvent({
              routeKey: route.routeKey,
              body: typeof body === 'string' ? body : JSON.stringify(body),
              headers: requestHeaders,
              sourceIp,
            }),
            lambdaContext(`local-${app}`),
          )) as { statusCode: number; body: string };
          statuses.set(result.statusCode, (statuses.get(result.statusCode) ?? 0) + 1);
          expect(result.statusCode, result.body).toBeLessThan(500);
          const answer = JSON.parse(result.body) as Record<string, unknown>;
          if (result.statusCode >= 400) {
            expect(answer).toEqual({
              error: {
                code: expect.any(String),
                message: expect.any(String),
                ...('field' in (answer['error'] as object) ? { field: expect.any(String) } : {}),
              },
            });
          } else {
            expect(result.statusCode).toBe(route.successStatus);
          }
        },
      ),
      { numRuns: RUNS },
    );
    // The fuzz reached past the schema: some requests were rate-limited or refused by the service itself.
    expect([...statuses.keys()].some((status) => status !== 400 && status !== 415)).toBe(true);
  });
});

describe('after the fuzz', () => {
  it('left the targeted user as it was and verified nobody', async () => {
    const victim = await userOf(VICTIM);
    expect(victim?.passwordHash).toBe(victimBefore.passwordHash);
    expect(victim?.sessionVersion).toBe(victimBefore.sessionVersion);
    expect(victim?.status).toBe('verified');
    const { Items = [] } = await dynamodb.send(
      new (await import('@aws-sdk/lib-dynamodb')).ScanCommand({ TableName: usersTableName }),
    );
    const verified = Items.filter((item) => item['status'] === 'verified').map((item) => item['email']);
    expect(verified).toEqual([VICTIM]);
  });

  it('logged no password, token or session', () => {
    expect(logs).toContain('HTTP request');
    for (const secret of [VICTIM_PASSWORD, session, VICTIM]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/\$scrypt\$/);
  });
});
