import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { recaptchaToken, startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_RECAPTCHA_SECRET_KEY } from '@backend/contracts';
import { GoogleRecaptchaVerifier, type RecaptchaOptions } from '../../../src/index.js';

let cloud: TestLocalCloud;
let secrets: SecretsManagerClient;
let counter = 0;

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [] });
  secrets = new SecretsManagerClient(cloud.clientConfig);
});

afterAll(async () => {
  secrets?.destroy();
  await cloud?.stop();
});

/** A verifier against the local cloud's stand-in, its key in the local Secrets Manager (a fresh secret each). */
async function verifier(options: Partial<RecaptchaOptions> & { secretValue?: string } = {}) {
  counter += 1;
  const secretName = `test/recaptcha-${counter}`;
  await secrets.send(
    new CreateSecretCommand({
      Name: secretName,
      SecretString: options.secretValue ?? LOCAL_RECAPTCHA_SECRET_KEY,
    }),
  );
  return new GoogleRecaptchaVerifier({
    secretName,
    secrets: { secretsClient: secrets },
    verifyUrl: cloud.recaptchaVerifyUrl,
    hostnames: ['localhost'],
    ...options,
  });
}

describe('GoogleRecaptchaVerifier against the local stand-in, through httpRequest and Secrets Manager', () => {
  it('passes a good token once; the same token again is expired-or-duplicate', async () => {
    const recaptcha = await verifier();
    const token = await recaptchaToken(cloud, { score: 0.8, action: 'register' });
    expect(await recaptcha.verify(token, { action: 'register', remoteIp: '127.0.0.1' })).toEqual({
      ok: true,
      score: 0.8,
    });
    expect(await recaptcha.verify(token, { action: 'register' })).toEqual({
      ok: false,
      reason: 'expired-or-duplicate',
    });
  });

  it.each([
    ['a low score', { score: 0.2, action: 'register' }, 'low-score'],
    ['another action', { action: 'login' }, 'wrong-action'],
    ['another host', { action: 'register', hostname: 'elsewhere.example.org' }, 'wrong-hostname'],
  ])('refuses a token with %s', async (_what, request, reason) => {
    const recaptcha = await verifier();
    const token = await recaptchaToken(cloud, request);
    expect(await recaptcha.verify(token, { action: 'register' })).toEqual({ ok: false, reason });
  });

  it('refuses a token the stand-in never issued, and a wrong secret key as misconfigured', async () => {
    expect(await (await verifier()).verify('made-up-token', { action: 'register' })).toEqual({
      ok: false,
      reason: 'invalid-token',
    });
    const wrongKey = await verifier({ secretValue: 'not-the-site-key' });
    const token = await recaptchaToken(cloud, { action: 'register' });
    expect(await wrongKey.verify(token, { action: 'register' })).toEqual({
      ok: false,
      reason: 'misconfigured',
    });
  });

  it('answers unavailable when the secret is missing or the endpoint is down', async () => {
    const token = await recaptchaToken(cloud, { action: 'register' });
    const missing = new GoogleRecaptchaVerifier({
      secretName: 'test/recaptcha-never-created',
      secrets: { secretsClient: secrets },
      verifyUrl: cloud.recaptchaVerifyUrl,
      hostnames: ['localhost'],
    });
    expect(await missing.verify(token, { action: 'register' })).toEqual({ ok: false, reason: 'unavailable' });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await verifier({ verifyUrl: `http://127.0.0.1:${closedPort}/recaptcha/api/siteverify` });
    expect(await down.verify(token, { action: 'register' })).toEqual({ ok: false, reason: 'unavailable' });

    // None of these spent the token.
    expect(await (await verifier()).verify(token, { action: 'register' })).toMatchObject({ ok: true });
  });

  it.each([
    ['a 503', { type: 'error', code: 'ServiceUnavailable' }],
    ['a 500', { type: 'error', code: 'InternalError' }],
    ['a dropped connection', { type: 'drop' }],
    ['an answer slower than the timeout', { type: 'latency', ms: 1000 }],
  ] as const)(
    'answers unavailable when siteverify fails with %s (fault injection)',
    async (_what, effect) => {
      const recaptcha = await verifier({ timeoutMs: 300 });
      const token = await recaptchaToken(cloud, { action: 'register' });
      try {
        await cloud.injectFault({ target: 'recaptcha:siteverify', effect, times: 1 });
        expect(await recaptcha.verify(token, { action: 'register' })).toEqual({
          ok: false,
          reason: 'unavailable',
        });
      } finally {
        await cloud.clearFaults();
      }
      // A failed verification did not spend the token (the slow one may have, once its answer arrived).
      if (effect.type !== 'latency') {
        expect(await recaptcha.verify(token, { action: 'register' })).toMatchObject({ ok: true });
      }
    },
  );
});
