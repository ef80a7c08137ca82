import { OutboundHttpError, type HttpClient, type OutboundRequest } from '@backend/platform';
import { describe, expect, it, vi } from 'vitest';
import {
  GoogleRecaptchaVerifier,
  RECAPTCHA_VERIFY_URL,
  VendorConfigError,
  type RecaptchaOptions,
} from '../../../src/index.js';
import { freshSecretName, secretsAnswering } from '../../support/in-memory-secrets.js';

const SECRET = '6LeSecretKeyOfTheSite0123456789abcdefghij';
const TOKEN = '03AFcWeA5' + 'x'.repeat(500);

const passing = {
  success: true,
  score: 0.9,
  action: 'register',
  hostname: 'app.example.org',
  challenge_ts: '2026-12-01T10:00:00Z',
};

/** An injected HttpClient answering one status and body, recording each request. */
function answering(status: number, body: unknown) {
  const requests: OutboundRequest[] = [];
  const http = vi.fn<HttpClient>(async (request) => {
    requests.push(request);
    return {
      status,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    };
  });
  return { http, requests };
}

function verifier(
  http: HttpClient,
  options: Partial<RecaptchaOptions> & { secret?: () => string | Error } = {},
) {
  return new GoogleRecaptchaVerifier({
    secretName: freshSecretName('recaptcha'),
    secrets: { secretsClient: secretsAnswering(options.secret ?? (() => SECRET)) },
    hostnames: ['app.example.org', 'www.example.org'],
    http,
    ...options,
  });
}

const expectation = { action: 'register', remoteIp: '203.0.113.7' };

describe('GoogleRecaptchaVerifier', () => {
  it('passes a token Google verified for the action and host with a score at the threshold or above', async () => {
    const { http, requests } = answering(200, passing);
    expect(await verifier(http).verify(TOKEN, expectation)).toEqual({ ok: true, score: 0.9 });
    const [request] = requests;
    expect(String(request!.url)).toBe(RECAPTCHA_VERIFY_URL);
    expect(request!.method).toBe('POST');
    expect(request!.headers!['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(String(request!.body)))).toEqual({
      secret: SECRET,
      response: TOKEN,
      remoteip: '203.0.113.7',
    });
    expect(request!.timeoutMs).toBe(5000);
    expect(request!.maxResponseBytes).toBe(16 * 1024);

    const atThreshold = answering(200, { ...passing, score: 0.5, hostname: 'WWW.example.org' });
    expect(await verifier(atThreshold.http).verify(TOKEN, { action: 'register' })).toEqual({
      ok: true,
      score: 0.5,
    });
    expect(new URLSearchParams(String(atThreshold.requests[0]!.body)).has('remoteip')).toBe(false);
  });

  it.each([
    ['a score under the threshold', { ...passing, score: 0.4 }, 'low-score'],
    ['another action', { ...passing, action: 'login' }, 'wrong-action'],
    ['no action', { ...passing, action: undefined }, 'wrong-action'],
    ['another host', { ...passing, hostname: 'evil.example.net' }, 'wrong-hostname'],
    ['no host', { ...passing, hostname: undefined }, 'wrong-hostname'],
    ['no score (a v2 token)', { ...passing, score: undefined }, 'invalid-token'],
    ['an unknown token', { success: false, 'error-codes': ['invalid-input-response'] }, 'invalid-token'],
    ['a malformed request', { success: false, 'error-codes': ['bad-request'] }, 'invalid-token'],
    ['no error codes', { success: false }, 'invalid-token'],
    [
      'a used or old token',
      { success: false, 'error-codes': ['timeout-or-duplicate'] },
      'expired-or-duplicate',
    ],
    ['a wrong secret', { success: false, 'error-codes': ['invalid-input-secret'] }, 'misconfigured'],
    ['a missing secret', { success: false, 'error-codes': ['missing-input-secret'] }, 'misconfigured'],
    ['success that is not a boolean', { ...passing, success: 'true' }, 'unavailable'],
    ['an array', [passing], 'unavailable'],
  ])('refuses %s', async (_what, answer, reason) => {
    const { http } = answering(200, answer);
    expect(await verifier(http).verify(TOKEN, expectation)).toEqual({ ok: false, reason });
  });

  it.each([
    ['HTTP 500', 500, passing],
    ['HTTP 302 (no redirect is followed)', 302, ''],
    ['a body that is not JSON', 200, '<html>busy</html>'],
  ])('answers unavailable for %s', async (_what, status, body) => {
    const { http } = answering(status, body);
    expect(await verifier(http).verify(TOKEN, expectation)).toEqual({ ok: false, reason: 'unavailable' });
  });

  it.each(['timeout', 'aborted', 'too-large', 'network'] as const)(
    'answers unavailable when the request fails (%s)',
    async (kind) => {
      const http = vi.fn<HttpClient>(async () => {
        throw new OutboundHttpError(kind, kind);
      });
      expect(await verifier(http).verify(TOKEN, expectation)).toEqual({ ok: false, reason: 'unavailable' });
    },
  );

  it('answers unavailable when the secret key cannot be read, without asking Google', async () => {
    const { http } = answering(200, passing);
    const failing = verifier(http, {
      secret: () => Object.assign(new Error('x'), { name: 'InternalServiceError' }),
    });
    expect(await failing.verify(TOKEN, expectation)).toEqual({ ok: false, reason: 'unavailable' });
    expect(http).not.toHaveBeenCalled();
  });

  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['a number', 42],
    ['a token with a line break', 'abc\ndef'],
    ['a token too long to be one', 'x'.repeat(10_001)],
  ])('refuses %s without asking Google', async (_what, token) => {
    const { http } = answering(200, passing);
    expect(await verifier(http).verify(token, expectation)).toEqual({ ok: false, reason: 'missing-token' });
    expect(http).not.toHaveBeenCalled();
  });

  it('passes an address too long to be one on to nobody', async () => {
    const { http, requests } = answering(200, passing);
    await verifier(http).verify(TOKEN, { action: 'register', remoteIp: '1'.repeat(46) });
    expect(new URLSearchParams(String(requests[0]!.body)).has('remoteip')).toBe(false);
  });

  it('never puts the secret or the token in a result', async () => {
    for (const answer of [passing, { success: false, 'error-codes': ['invalid-input-secret'] }, 'oops']) {
      const { http } = answering(200, answer);
      const text = JSON.stringify(await verifier(http).verify(TOKEN, expectation));
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN.slice(0, 20));
    }
  });

  it('refuses a configuration it cannot work with, at construction', () => {
    const { http } = answering(200, passing);
    expect(() => verifier(http, { verifyUrl: 'http://verify.example.org/siteverify' })).toThrow(/https URL/);
    expect(() => verifier(http, { verifyUrl: 'not a url' })).toThrow(VendorConfigError);
    expect(() => verifier(http, { hostnames: [] })).toThrow(/at least one hostname/);
    expect(() => verifier(http, { minScore: 1.5 })).toThrow(/minScore/);
    expect(() =>
      verifier(http, { verifyUrl: 'http://127.0.0.1:4566/recaptcha/api/siteverify' }),
    ).not.toThrow();
  });

  it('refuses an action the service could not have meant', async () => {
    const { http } = answering(200, passing);
    await expect(verifier(http).verify(TOKEN, { action: 'has space' })).rejects.toBeInstanceOf(
      VendorConfigError,
    );
  });
});
