import { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@backend/persistence';
import { createMailer } from '@backend/platform';
import { startLocalCloud, waitForMail, type TestLocalCloud } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidLinkError,
  InvalidSessionError,
  accountsService,
  checkPasswordPolicy,
  createAccounts,
  newSessionKeyringDocument,
  parseSessionKeyring,
  rateLimiter,
  rateLimitTableName,
  usersTable,
  usersTableName,
  type AccountsOptions,
  type UserRecord,
} from '../../src/index.js';

// The operations in process, against the local cloud's DynamoDB and SES, with a clock the test moves and cheap
// hash parameters (the cost is not what is tested here).

const CHEAP = { logN: 10, r: 8, p: 1 };
let cloud: TestLocalCloud;
let dynamodb: DynamoDBDocumentClient;
let ses: SESClient;
let clock = Date.now();
const keyring = parseSessionKeyring(newSessionKeyringDocument());
const origin = { sourceIp: '198.51.100.7' };

const accounts = (overrides: Partial<AccountsOptions> = {}) =>
  createAccounts({
    users: usersTable(dynamodb, usersTableName),
    limiter: rateLimiter(dynamodb, rateLimitTableName),
    passwordPolicy: checkPasswordPolicy,
    mailer: createMailer({ from: 'no-reply@accounts.local.test', sesClient: ses }),
    publicBaseUrl: 'http://127.0.0.1:1',
    sessionKeyring: async () => keyring,
    issuer: 'accounts.local',
    hashParameters: CHEAP,
    now: () => clock,
    ...overrides,
  });

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [{ ...accountsService, functions: [] }] });
  dynamodb = createDocumentClient(cloud.clientConfig);
  ses = new SESClient(cloud.clientConfig);
});

afterAll(async () => {
  dynamodb?.destroy();
  ses?.destroy();
  await cloud?.stop();
});

const unique = (name: string) => `${name}.${Math.random().toString(36).slice(2, 10)}@example.gov`;
const tokenOf = (text: string | undefined) =>
  new URLSearchParams(/#(\S+)/.exec(text ?? '')![1]).get('token')!;
const userOf = async (email: string) =>
  (await usersTable(dynamodb, usersTableName).get({ email }, { consistent: true })) as UserRecord | undefined;

// Each password hash takes ~0.6 s, several seconds on a loaded 2-core machine: these tests wait for many.
describe('accounts operations against the local cloud', { timeout: 120_000 }, () => {
  it('refuses a verification link after 24 hours and a reset link after an hour, changing nothing', async () => {
    const email = unique('expiry');
    const service = accounts();
    await service.createUser({ email, password: 'lilac compass drifting 3' }, origin);
    const verifyToken = tokenOf((await waitForMail(cloud.sesUrl, email)).body.text);
    clock += 24 * 3600 * 1000 + 1000;
    await expect(service.verifyUser({ email, token: verifyToken }, origin)).rejects.toBeInstanceOf(
      InvalidLinkError,
    );
    expect((await userOf(email))?.status).toBe('unverified');

    // A reset link proves the mailbox too; an expired one does not.
    await service.lostPassword({ email }, origin);
    const resetToken = tokenOf((await waitForMail(cloud.sesUrl, email, { already: 1 })).body.text);
    const before = await userOf(email);
    clock += 3600 * 1000 + 1000;
    await expect(
      service.resetPassword({ email, token: resetToken, newPassword: 'granite willow beacon 5' }, origin),
    ).rejects.toBeInstanceOf(InvalidLinkError);
    expect(await userOf(email)).toEqual(before);
  });

  it('creates nothing for a verify or reset of an unknown address', async () => {
    const email = unique('ghost');
    const service = accounts();
    const token = 'A'.repeat(43);
    await expect(service.verifyUser({ email, token }, origin)).rejects.toBeInstanceOf(InvalidLinkError);
    await expect(
      service.resetPassword({ email, token, newPassword: 'granite willow beacon 5' }, origin),
    ).rejects.toBeInstanceOf(InvalidLinkError);
    expect(await userOf(email)).toBeUndefined();
  });

  it('upgrades the hash parameters at the next login', async () => {
    const email = unique('upgrade');
    const password = 'saffron tidal quartz 11';
    await accounts().createUser({ email, password }, origin);
    const token = tokenOf((await waitForMail(cloud.sesUrl, email)).body.text);
    await accounts().verifyUser({ email, token }, origin);
    expect((await userOf(email))?.passwordHash).toMatch(/^\$scrypt\$ln=10,/);
    await accounts({ hashParameters: { logN: 11, r: 8, p: 1 } }).login({ email, password }, origin);
    expect((await userOf(email))?.passwordHash).toMatch(/^\$scrypt\$ln=11,/);
    await expect(
      accounts({ hashParameters: { logN: 11, r: 8, p: 1 } }).login({ email, password }, origin),
    ).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });

  it('lets exactly one of two concurrent password changes with one session land', async () => {
    const email = unique('race');
    const password = 'cobalt ferry midnight 7';
    const service = accounts();
    await service.createUser({ email, password }, origin);
    await service.verifyUser(
      { email, token: tokenOf((await waitForMail(cloud.sesUrl, email)).body.text) },
      origin,
    );
    const { token } = await service.login({ email, password }, origin);
    const changes = await Promise.allSettled(
      ['first new passphrase 1', 'second new passphrase 2'].map((newPassword) =>
        service.changePassword({ oldPassword: password, newPassword }, { ...origin, sessionToken: token }),
      ),
    );
    expect(changes.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    const refused = changes.find((c) => c.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(InvalidSessionError);
    const winner = changes.findIndex((c) => c.status === 'fulfilled');
    const stored = await userOf(email);
    expect(stored?.sessionVersion).toBe(2);
    await expect(
      service.login(
        { email, password: ['first new passphrase 1', 'second new passphrase 2'][winner]! },
        origin,
      ),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});
