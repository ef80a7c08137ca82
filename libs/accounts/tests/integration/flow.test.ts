import { mailsTo, startLocalCloud, waitForMail, type SentMail, type TestLocalCloud } from '@backend/testing';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/index.js';

// The whole service through the local cloud's HTTP API, as the pages call it: the six functions bundled and run as
// in AWS, users in DynamoDB, mail in the SES inbox.

let cloud: TestLocalCloud;
const secrets: string[] = [];
const FUNCTIONS = accountsService.functions!.map((fn) => fn.name);

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [accountsService] });
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
});

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; field?: string } };
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${cloud.httpApiUrl}/api/accounts/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** The link's fragment parameters (`email`, `token`) of a mail's text part. */
function linkOf(mail: SentMail, page: string): { url: URL; email: string; token: string } {
  const match = new RegExp(`(http://\\S+/accounts/${page}\\.html#\\S+)`).exec(mail.body.text ?? '');
  if (match === null) throw new Error(`no ${page} link in the mail`);
  const url = new URL(match[1]!);
  const params = new URLSearchParams(url.hash.slice(1));
  return { url, email: params.get('email') ?? '', token: params.get('token') ?? '' };
}

const unique = (name: string) =>
  `${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.gov`;

// Each password hash takes ~0.6 s, several seconds on a loaded 2-core machine: these tests wait for many.
describe('accounts through the local cloud', { timeout: 120_000 }, () => {
  it('walks sign-up, verification, login, change, lost and reset password, and ends old sessions', async () => {
    const email = unique('Ann.Flow');
    const password = 'violet staircase 7 umbrellas';
    const newPassword = 'quiet harbour lantern 42';
    const finalPassword = 'copper meadow whistle 9';
    secrets.push(password, newPassword, finalPassword, email, email.toLowerCase());

    expect(await post('users', { email, password })).toMatchObject({
      status: 202,
      body: { status: 'accepted' },
    });
    const verification = linkOf(await waitForMail(cloud.sesUrl, email.toLowerCase()), 'verify');
    secrets.push(verification.token);
    expect(verification.email).toBe(email.toLowerCase());
    expect(verification.url.pathname).toBe('/accounts/verify.html');

    // Not verified yet: the right password gets 403, a wrong one the usual 401.
    expect(await post('login', { email, password })).toMatchObject({
      status: 403,
      body: { error: { code: 'EMAIL_NOT_VERIFIED' } },
    });
    expect(await post('verify', { email, token: 'A'.repeat(43) })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_OR_EXPIRED_LINK', field: 'token' } },
    });
    expect(await post('verify', { email: verification.email, token: verification.token })).toMatchObject({
      status: 200,
      body: { status: 'verified' },
    });
    // Single use: the same link again changes nothing.
    expect((await post('verify', { email, token: verification.token })).status).toBe(400);

    const wrong = await post('login', { email, password: 'not the password at all' });
    const unknown = await post('login', { email: unique('nobody'), password });
    expect(wrong).toEqual({
      status: 401,
      body: { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' } },
    });
    expect(unknown).toEqual(wrong);

    const login = await post('login', { email: email.toUpperCase(), password });
    expect(login).toMatchObject({ status: 200, body: { tokenType: 'Bearer', expiresIn: 900 } });
    const session = login.body['token'] as string;
    secrets.push(session, login.body['openIdToken'] as string);
    // Federated as the original design does: a Cognito identity and an OpenID token the local Cognito signed.
    const jwks = createRemoteJWKSet(
      new URL(`${cloud.endpoint}/_local-cloud/cognito-identity/.well-known/jwks.json`),
    );
    const { payload } = await jwtVerify(login.body['openIdToken'] as string, jwks, {
      issuer: 'https://cognito-identity.amazonaws.com',
    });
    expect(payload.sub).toBe(login.body['identityId']);
    expect(String(payload.amr)).toContain('login.accounts.local');
    expect(String(payload.amr)).not.toContain(email.toLowerCase());
    const [header] = session.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString('utf8'))).toMatchObject({ alg: 'ES256' });

    const auth = { authorization: `Bearer ${session}` };
    expect(await post('password', { oldPassword: 'wrong old password', newPassword }, auth)).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_CREDENTIALS', field: 'oldPassword' } },
    });
    expect(
      await post('password', { oldPassword: password, newPassword: 'qwerty123456' }, auth),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'WEAK_PASSWORD', field: 'newPassword' } },
    });
    expect(await post('password', { oldPassword: password, newPassword }, auth)).toMatchObject({
      status: 200,
      body: { status: 'changed' },
    });
    // The change ended the session it was made with.
    expect(
      await post('password', { oldPassword: newPassword, newPassword: finalPassword }, auth),
    ).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_SESSION' } },
    });
    expect((await post('login', { email, password })).status).toBe(401);
    const second = (await post('login', { email, password: newPassword })).body['token'] as string;
    secrets.push(second);

    const before = (await mailsTo(cloud.sesUrl, email.toLowerCase())).length;
    expect(await post('lost-password', { email })).toMatchObject({
      status: 202,
      body: { status: 'accepted' },
    });
    const reset = linkOf(
      await waitForMail(cloud.sesUrl, email.toLowerCase(), { already: before }),
      'reset-password',
    );
    secrets.push(reset.token);
    expect(
      await post('reset-password', { email: reset.email, token: reset.token, newPassword: finalPassword }),
    ).toMatchObject({
      status: 200,
      body: { status: 'changed' },
    });
    expect((await post('reset-password', { email, token: reset.token, newPassword: password })).status).toBe(
      400,
    );
    expect((await post('login', { email, password: finalPassword })).status).toBe(200);
    // The reset ended the session issued before it.
    expect(
      (
        await post(
          'password',
          { oldPassword: finalPassword, newPassword: password },
          { authorization: `Bearer ${second}` },
        )
      ).body.error?.code,
    ).toBe('INVALID_SESSION');
  });

  it('answers sign-up and lost-password the same for registered and unknown addresses, mailing each what applies', async () => {
    const registered = unique('registered');
    const stranger = unique('stranger');
    const password = 'plum orchard satellite 88';
    secrets.push(password, registered, stranger);
    await post('users', { email: registered, password });
    const link = linkOf(await waitForMail(cloud.sesUrl, registered), 'verify');
    await post('verify', { email: registered, token: link.token });

    const again = await post('users', { email: registered, password: 'another long passphrase 1' });
    const fresh = await post('users', { email: stranger, password: 'another long passphrase 1' });
    expect(again).toEqual(fresh);
    expect((await waitForMail(cloud.sesUrl, registered, { already: 1 })).subject).toBe(
      'You already have an account',
    );
    expect((await waitForMail(cloud.sesUrl, stranger)).subject).toBe('Confirm your e-mail address');
    // The second sign-up changed nothing: the first password still logs in.
    expect((await post('login', { email: registered, password })).status).toBe(200);

    const nobody = unique('nobody');
    const known = await post('lost-password', { email: registered });
    const unknown = await post('lost-password', { email: nobody });
    expect(known).toEqual(unknown);
    expect((await waitForMail(cloud.sesUrl, nobody)).subject).toBe('Password reset requested');
    expect((await waitForMail(cloud.sesUrl, registered, { already: 2 })).subject).toBe('Reset your password');
  });

  it('limits requests per address and backs off after repeated failed logins', async () => {
    const email = unique('limited');
    secrets.push(email);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await post('lost-password', { email })).status);
    expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
    expect((await post('lost-password', { email })).body.error).toMatchObject({ code: 'RATE_LIMITED' });

    const target = unique('target');
    secrets.push(target);
    const failures = [];
    for (let i = 0; i < 5; i++)
      failures.push((await post('login', { email: target, password: `guess number ${i}` })).status);
    expect(failures).toEqual([401, 401, 401, 401, 401]);
    expect(await post('login', { email: target, password: 'guess number 6' })).toMatchObject({
      status: 429,
      body: { error: { code: 'RATE_LIMITED' } },
    });
  });

  it('refuses bad input with the error envelope and logs no address, password, token or session', async () => {
    expect(await post('users', { email: 'ann@example.gov', password: 'short' })).toMatchObject({
      status: 400,
      body: { error: { code: 'WEAK_PASSWORD', field: 'password' } },
    });
    expect(
      await post('users', { email: 'not an address', password: 'long enough password here' }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_ERROR', field: 'email' } },
    });
    const raw = await fetch(`${cloud.httpApiUrl}/api/accounts/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });

    const logs = FUNCTIONS.flatMap((name) => cloud.logs(name)).join('\n');
    expect(logs).toContain('HTTP request');
    for (const secret of secrets) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/\$scrypt\$/);
  });
});
