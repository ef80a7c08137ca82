import { LOCAL_RECAPTCHA_SECRET_KEY } from '@backend/contracts';
import { clearFaults, injectFault, listFaults } from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startTestCloud, type TestCloud } from '../support/cloud.js';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud([
    {
      service: 'recaptcha-test',
      functions: [
        {
          name: 'returns-env',
          entry: fixture('returns-env'),
          environment: { VERIFY_URL: { edgeUrl: '/recaptcha/api/siteverify' } },
        },
      ],
    },
  ]);
});

afterAll(async () => {
  await cloud?.stop();
});

const issue = (body: unknown) =>
  fetch(`${cloud.endpoint}/_local-cloud/recaptcha/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const siteverify = (body: string, contentType = 'application/x-www-form-urlencoded', query = '') =>
  fetch(`${cloud.recaptchaVerifyUrl}${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });

describe("the edge's reCAPTCHA stand-in", () => {
  it('issues a token that siteverify answers once, over HTTP, as Google does', async () => {
    expect(cloud.recaptchaVerifyUrl).toBe(`${cloud.endpoint}/recaptcha/api/siteverify`);
    const issued = await issue({ score: 0.7, action: 'register', hostname: 'localhost' });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };
    const form = new URLSearchParams({
      secret: LOCAL_RECAPTCHA_SECRET_KEY,
      response: token,
      remoteip: '::1',
    });
    const first = await siteverify(form.toString());
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/json');
    expect(await first.json()).toMatchObject({
      success: true,
      score: 0.7,
      action: 'register',
      hostname: 'localhost',
    });
    const second = await siteverify(form.toString());
    expect(await second.json()).toEqual({ success: false, 'error-codes': ['timeout-or-duplicate'] });
  });

  it('reads the parameters from the query string too, and ignores a body that is not a form', async () => {
    const { token } = (await (await issue({ action: 'login' })).json()) as { token: string };
    const query = `?${new URLSearchParams({ secret: LOCAL_RECAPTCHA_SECRET_KEY, response: token })}`;
    expect(await (await siteverify('{}', 'application/json', query)).json()).toMatchObject({ success: true });
    const json = JSON.stringify({ secret: LOCAL_RECAPTCHA_SECRET_KEY, response: token });
    expect(await (await siteverify(json, 'application/json')).json()).toEqual({
      success: false,
      'error-codes': ['missing-input-secret', 'missing-input-response'],
    });
  });

  it('refuses bad token requests and other methods with a clear error', async () => {
    const bad = await issue({ action: 'a', score: 2 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: 'InvalidTokenRequest', message: 'score must be a number from 0 to 1' },
    });
    expect((await issue('{')).status).toBe(400);
    expect((await fetch(`${cloud.endpoint}/_local-cloud/recaptcha/tokens`)).status).toBe(405);
    expect((await fetch(cloud.recaptchaVerifyUrl)).status).toBe(405);
  });

  it('fails siteverify as a web server does when a fault rule says so, without spending the token', async () => {
    const { token } = (await (await issue({ action: 'login' })).json()) as { token: string };
    const form = new URLSearchParams({ secret: LOCAL_RECAPTCHA_SECRET_KEY, response: token }).toString();
    try {
      const rule = await injectFault(cloud, {
        target: 'recaptcha:siteverify',
        effect: { type: 'error', code: 'ServiceUnavailable' },
        times: 1,
      });
      const failed = await siteverify(form);
      expect(failed.status).toBe(503);
      expect(await failed.text()).toBe('Service Unavailable');
      await injectFault(cloud, { target: 'recaptcha:siteverify', effect: { type: 'drop' }, times: 1 });
      await expect(siteverify(form)).rejects.toThrow();
      expect(await (await siteverify(form)).json()).toMatchObject({ success: true });
      expect((await listFaults(cloud)).find((r) => r.id === rule.id)).toMatchObject({ matched: 3, fired: 1 });
      await expect(
        injectFault(cloud, {
          target: 'recaptcha:siteverify',
          effect: { type: 'error', code: 'ThrottlingException' },
        }),
      ).rejects.toThrow(/must be one of InternalError, ServiceUnavailable/);
    } finally {
      await clearFaults(cloud);
    }
  });

  it("gives a function the stand-in's URL through an edgeUrl environment value", async () => {
    const result = await cloud.runtime.invoke('returns-env', JSON.stringify({ name: 'VERIFY_URL' }));
    expect(JSON.parse(result.payload)).toEqual({ value: cloud.recaptchaVerifyUrl });
  });
});
