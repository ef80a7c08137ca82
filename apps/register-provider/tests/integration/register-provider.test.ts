import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { License } from '@backend/contracts';
import { hashSingleUseToken } from '@backend/crypto';
import {
  REGISTRATION_ACCEPTED,
  consumeRegistrationToken,
  dataKeyParameter,
  deriveLicensingKeys,
  licenseRecords,
  licensingResourceNames,
  licensingService,
  localContinueUrl,
  registrationsTable,
} from '@backend/licensing';
import { Table } from '@backend/persistence';
import {
  mailsTo,
  recaptchaToken,
  sampleLicense,
  startLicensingHarness,
  waitForMail,
  type LicensingHarness,
} from '@backend/testing';
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// Registration through the local cloud's HTTP API, as the registration page calls it: the function deployed as AWS
// runs it, tokens from the local reCAPTCHA stand-in, mails read from the local SES inbox. Each test calls from its
// own loopback address (127.0.0.x), so that the per-IP budget (3 per 15 minutes) is each test's own.
let harness: LicensingHarness;
const FUNCTION = 'local-register-provider';

const license = sampleLicense('321-54-9876', {
  givenName: 'Ada',
  familyName: 'Lovelace',
  dateOfBirth: '1985-12-10',
}) as unknown as License;

const details = (overrides: Record<string, unknown> = {}) => ({
  givenName: 'ada',
  familyName: 'LOVELACE',
  email: 'ada@example.com',
  dateOfBirth: '1985-12-10',
  ssnLastFour: '9876',
  jurisdiction: 'oh',
  licenseType: 'audiologist',
  compact: 'aslp',
  ...overrides,
});

/** POSTs the body from `fromIp` (a loopback address): the HTTP API's sourceIp. The raw text is kept for byte checks. */
function post(body: unknown, fromIp: string): Promise<{ status: number; text: string }> {
  const url = new URL(`${harness.cloud.httpApiUrl}/v1/provider-users/registration`);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: fromIp,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const token = (score = 0.9, action = 'register') => recaptchaToken(harness.cloud, { action, score });

const registrationItems = async () =>
  (await harness.dynamo.send(new ScanCommand({ TableName: registrationsTable }))).Items ?? [];

beforeAll(async () => {
  harness = await startLicensingHarness({
    service: {
      ...licensingService,
      functions: (licensingService.functions ?? []).filter((fn) => fn.app === 'register-provider'),
    },
    names: licensingResourceNames,
  });
  // One license of Ada Lovelace, as an upload would have written it.
  const keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
  const records = licenseRecords(
    license,
    { compact: 'aslp', jurisdiction: 'oh', uploadId: 'seed', dateOfUpdate: '2026-01-01T00:00:00.000Z' },
    1,
    keys,
  );
  for (const item of [records.licenseItem, records.providerItem])
    await harness.dynamo.send(
      new PutCommand({ TableName: licensingResourceNames.providersTable, Item: item }),
    );
}, 120_000);

afterEach(() => harness.cloud.clearFaults());
afterAll(async () => {
  await harness?.stop();
});

describe('POST /v1/provider-users/registration', () => {
  it('mails a single-use link when the details match a license, and stores only its hash', async () => {
    const answer = await post({ ...details(), recaptchaToken: await token() }, '127.0.0.11');
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.text)).toEqual(REGISTRATION_ACCEPTED);

    const mail = await waitForMail(harness.cloud.sesUrl, 'ada@example.com');
    expect(mail.subject).toBe('Continue your registration');
    const link = /(http:\/\/localhost:4200\S+)/.exec(mail.body.text ?? '')![1]!;
    expect(link.startsWith(`${localContinueUrl}#token=`)).toBe(true);
    const mailedToken = new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;
    expect(mail.body.html).toContain(`href="${link}"`);

    const items = await registrationItems();
    const stored = items.find((item) => item['matched'] === true)!;
    expect(stored['key']).toBe(`token#${hashSingleUseToken(mailedToken)}`);
    expect(JSON.stringify(items)).not.toContain(mailedToken);
    expect(stored['expiresAt']).toBeGreaterThan(Date.now() / 1000 + 23 * 3600);

    // The continue step's use of it: once.
    const table = new Table({ client: harness.dynamo, tableName: registrationsTable, partitionKey: 'key' });
    const now = Math.floor(Date.now() / 1000);
    const used = await consumeRegistrationToken(table, hashSingleUseToken(mailedToken), now);
    expect(used).toMatchObject({ compact: 'aslp', email: 'ada@example.com' });
    expect(await consumeRegistrationToken(table, hashSingleUseToken(mailedToken), now)).toBeUndefined();
  });

  it('answers byte for byte the same when nothing matches, and mails no link', async () => {
    const matched = await post({ ...details(), recaptchaToken: await token() }, '127.0.0.12');
    for (const [field, value] of [
      ['ssnLastFour', '9875'],
      ['dateOfBirth', '1985-12-11'],
    ] as const) {
      const email = `nomatch-${field}@example.com`;
      const answer = await post(
        { ...details({ [field]: value, email }), recaptchaToken: await token() },
        '127.0.0.12',
      );
      expect(answer).toEqual(matched);
      const mail = await waitForMail(harness.cloud.sesUrl, email);
      expect(mail.subject).toBe('Your registration request');
      expect(mail.body.text).not.toContain('token=');
    }
    const unmatched = (await registrationItems()).filter((item) => item['matched'] === false);
    expect(unmatched.length).toBeGreaterThanOrEqual(2);
    for (const item of unmatched)
      expect(Object.keys(item).sort()).toEqual(['createdAt', 'expiresAt', 'key', 'matched', 'version']);
  });

  it('refuses a token reCAPTCHA does not pass (low score, another action) with 400 and sends nothing', async () => {
    for (const made of [await token(0.1), await token(0.9, 'login')]) {
      const email = `bot-${made.slice(0, 6)}@example.com`.toLowerCase();
      const answer = await post({ ...details({ email }), recaptchaToken: made }, '127.0.0.13');
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toEqual({
        error: { code: 'RECAPTCHA_FAILED', message: expect.any(String), field: 'recaptchaToken' },
      });
      expect(await mailsTo(harness.cloud.sesUrl, email)).toEqual([]);
    }
  });

  it('refuses the 4th attempt from one client within 15 minutes with 429, before asking reCAPTCHA', async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const answer = await post(
        { ...details({ email: `rl${attempt}@example.com` }), recaptchaToken: await token() },
        '127.0.0.14',
      );
      expect(answer.status).toBe(202);
    }
    const unspent = await token();
    const fourth = await post(
      { ...details({ email: 'rl4@example.com' }), recaptchaToken: unspent },
      '127.0.0.14',
    );
    expect(fourth.status).toBe(429);
    expect(JSON.parse(fourth.text)).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    // Another client is not held back.
    const other = await post(
      { ...details({ email: 'rl5@example.com' }), recaptchaToken: unspent },
      '127.0.0.15',
    );
    expect(other.status).toBe(202);
  });

  it('answers 503 when SES refuses the mail through every retry; the same request later succeeds', async () => {
    await harness.cloud.injectFault({
      target: 'ses:SendEmail',
      effect: { type: 'error', code: 'Throttling' },
    });
    const failed = await post(
      { ...details({ email: 'ses@example.com' }), recaptchaToken: await token() },
      '127.0.0.16',
    );
    expect(failed.status).toBe(503);
    expect(JSON.parse(failed.text)).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    await harness.cloud.clearFaults();
    const retried = await post(
      { ...details({ email: 'ses@example.com' }), recaptchaToken: await token() },
      '127.0.0.16',
    );
    expect(retried.status).toBe(202);
    expect((await waitForMail(harness.cloud.sesUrl, 'ses@example.com')).subject).toBe(
      'Continue your registration',
    );
  });

  it('answers 400 naming the field for a body that is not a registration', async () => {
    const answer = await post({ ...details({ ssnLastFour: '12345' }), recaptchaToken: 'x' }, '127.0.0.17');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { field: 'ssnLastFour' } });
  });

  it('logged none of what the practitioners sent', () => {
    const logs = harness.cloud.logs(FUNCTION).join('\n');
    expect(logs).toContain('registration accepted');
    for (const value of ['ada@example.com', 'Lovelace', 'LOVELACE', '1985-12-10', 'nomatch-'])
      expect(logs).not.toContain(value);
  });
});
