import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@backend/persistence';
import { mailsTo, startLocalCloud, waitForMail, type TestLocalCloud } from '@backend/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountsService, usersTableName } from '../../src/index.js';

// The accounts rows of the fault suite (issue 15, docs/reliability.md): AWS's failures injected at the local
// cloud's edge, through the wire protocol the functions' SDK clients speak, and the outcome checked from outside:
// the HTTP answers, the SES inbox, the users table, the logs.
let cloud: TestLocalCloud;
const FUNCTIONS = accountsService.functions!.map((fn) => fn.name);

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [accountsService] });
}, 60_000);
afterEach(() => cloud.clearFaults());
afterAll(async () => {
  await cloud?.stop();
});

const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${cloud.httpApiUrl}/api/accounts/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { token?: string; error?: { code: string } },
  };
};
const unique = (name: string) => `${name}.${Math.random().toString(36).slice(2, 10)}@example.gov`;
const usersNamed = async (email: string) => {
  const client = createDocumentClient(cloud.clientConfig);
  const { Items = [] } = await client.send(new ScanCommand({ TableName: usersTableName }));
  client.destroy();
  return Items.filter((item) => item['email'] === email);
};
const tokenOf = (text: string | undefined) =>
  new URLSearchParams(/#(\S+)/.exec(text ?? '')![1]).get('token')!;

// Each password hash takes ~0.6 s, several seconds on a loaded 2-core machine: these tests wait for many.
describe('accounts under failure', { timeout: 120_000 }, () => {
  it('SES throttling once: the SDK retries, one mail, one user', async () => {
    const email = unique('ses-once');
    await cloud.injectFault({
      target: 'ses:SendEmail',
      effect: { type: 'error', code: 'Throttling' },
      times: 1,
    });
    expect((await post('users', { email, password: 'tangerine fjord 42 ladders' })).status).toBe(202);
    expect((await cloud.faults())[0]).toMatchObject({ fired: 1 });
    await waitForMail(cloud.sesUrl, email);
    expect(await mailsTo(cloud.sesUrl, email)).toHaveLength(1);
    expect(await usersNamed(email)).toHaveLength(1);
  });

  it('SES failing through every retry of a verification mail: 503, and a second sign-up mails one link that works', async () => {
    const email = unique('ses-down');
    const password = 'tangerine fjord 42 ladders';
    await cloud.injectFault({ target: 'ses:SendEmail', effect: { type: 'error', code: 'Throttling' } });
    expect(await post('users', { email, password })).toMatchObject({
      status: 503,
      body: { error: { code: 'SERVICE_UNAVAILABLE' } },
    });
    expect(await mailsTo(cloud.sesUrl, email)).toEqual([]);
    await cloud.clearFaults();
    expect((await post('users', { email, password })).status).toBe(202);
    const mail = await waitForMail(cloud.sesUrl, email);
    expect(await mailsTo(cloud.sesUrl, email)).toHaveLength(1);
    expect(await usersNamed(email)).toHaveLength(1);
    expect((await post('verify', { email, token: tokenOf(mail.body.text) })).status).toBe(200);
    expect((await post('login', { email, password })).status).toBe(200);
  });

  it('DynamoDB throttling during sign-up: absorbed by the SDK, or 503 with nothing written when it lasts', async () => {
    const brief = unique('ddb-brief');
    await cloud.injectFault({
      target: 'dynamodb:PutItem',
      effect: { type: 'error', code: 'ProvisionedThroughputExceededException' },
      times: 2,
    });
    expect((await post('users', { email: brief, password: 'walnut comet 7 ribbons' })).status).toBe(202);
    await waitForMail(cloud.sesUrl, brief);
    expect(await usersNamed(brief)).toHaveLength(1);
    expect(await mailsTo(cloud.sesUrl, brief)).toHaveLength(1);

    const lasting = unique('ddb-lasting');
    await cloud.injectFault({
      target: 'dynamodb:PutItem',
      effect: { type: 'error', code: 'ProvisionedThroughputExceededException' },
    });
    expect(await post('users', { email: lasting, password: 'walnut comet 7 ribbons' })).toMatchObject({
      status: 503,
      body: { error: { code: 'SERVICE_UNAVAILABLE' } },
    });
    await cloud.clearFaults();
    expect(await usersNamed(lasting)).toEqual([]);
    expect(await mailsTo(cloud.sesUrl, lasting)).toEqual([]);
    expect((await post('users', { email: lasting, password: 'walnut comet 7 ribbons' })).status).toBe(202);
    expect(await usersNamed(lasting)).toHaveLength(1);
  });

  it('two writers change one password with one session: exactly one lands, the other must sign in again', async () => {
    const email = unique('two-writers');
    const password = 'harbor quill 33 meadows';
    await post('users', { email, password });
    await post('verify', { email, token: tokenOf((await waitForMail(cloud.sesUrl, email)).body.text) });
    const { token } = (await post('login', { email, password })).body;
    const auth = { authorization: `Bearer ${token}` };
    const candidates = ['first writer passphrase 1', 'second writer passphrase 2'];
    const answers = await Promise.all(
      candidates.map((newPassword) => post('password', { oldPassword: password, newPassword }, auth)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    expect(answers.find((a) => a.status === 401)?.body.error?.code).toBe('INVALID_SESSION');
    const winner = candidates[answers.findIndex((a) => a.status === 200)]!;
    const loser = candidates[answers.findIndex((a) => a.status === 401)]!;
    expect((await post('login', { email, password: winner })).status).toBe(200);
    expect((await post('login', { email, password: loser })).status).toBe(401);
  });

  it('logged no address or password while failing', () => {
    const logs = FUNCTIONS.flatMap((name) => cloud.logs(name)).join('\n');
    expect(logs).toContain('SERVICE_UNAVAILABLE');
    for (const secret of ['tangerine fjord', 'walnut comet', 'harbor quill', '@example.gov']) {
      expect(logs).not.toContain(secret);
    }
  });
});
