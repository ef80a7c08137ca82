import { describe, expect, it } from 'vitest';
import { LOCAL_RECAPTCHA_SECRET_KEY } from '@backend/contracts';
import { InvalidRecaptchaTokenRequestError, RecaptchaStandIn } from '../../src/emulators/recaptcha.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

function standIn() {
  const clock = { now: Date.parse('2026-12-01T10:00:00.250Z') };
  return { clock, recaptcha: new RecaptchaStandIn(new Set([LOCAL_RECAPTCHA_SECRET_KEY]), () => clock.now) };
}

describe('RecaptchaStandIn', () => {
  it('verifies a token it issued once, with the chosen score, action and hostname, as Google answers', () => {
    const { recaptcha } = standIn();
    const issued = recaptcha.issue({ score: 0.3, action: 'register', hostname: 'app.example.org' });
    expect(issued).toMatchObject({ score: 0.3, action: 'register', hostname: 'app.example.org' });
    expect(issued.expiresAt).toBe('2026-12-01T10:02:00.250Z');
    const secret = LOCAL_RECAPTCHA_SECRET_KEY;
    expect(recaptcha.verify(form({ secret, response: issued.token, remoteip: '127.0.0.1' }))).toEqual({
      success: true,
      challenge_ts: '2026-12-01T10:00:00Z',
      hostname: 'app.example.org',
      score: 0.3,
      action: 'register',
    });
    expect(recaptcha.verify(form({ secret, response: issued.token }))).toEqual({
      success: false,
      'error-codes': ['timeout-or-duplicate'],
    });
  });

  it('defaults to a score of 0.9 on localhost', () => {
    expect(standIn().recaptcha.issue({ action: 'login' })).toMatchObject({
      score: 0.9,
      hostname: 'localhost',
    });
  });

  it('lets a token expire two minutes after it was made', () => {
    const { recaptcha, clock } = standIn();
    const secret = LOCAL_RECAPTCHA_SECRET_KEY;
    const fresh = recaptcha.issue({ action: 'a' });
    const old = recaptcha.issue({ action: 'a' });
    clock.now += 120_000;
    expect(recaptcha.verify(form({ secret, response: fresh.token })).success).toBe(true);
    clock.now += 1;
    expect(recaptcha.verify(form({ secret, response: old.token }))).toEqual({
      success: false,
      'error-codes': ['timeout-or-duplicate'],
    });
  });

  it.each([
    [{}, ['missing-input-secret', 'missing-input-response']],
    [{ secret: 'another-key', response: 'x' }, ['invalid-input-secret']],
    [{ secret: LOCAL_RECAPTCHA_SECRET_KEY }, ['missing-input-response']],
    [{ secret: LOCAL_RECAPTCHA_SECRET_KEY, response: 'not-issued' }, ['invalid-input-response']],
  ])('answers %j with error codes %j', (fields, codes) => {
    expect(standIn().recaptcha.verify(form(fields))).toEqual({ success: false, 'error-codes': codes });
  });

  it('does not spend a token on a request with a wrong secret', () => {
    const { recaptcha } = standIn();
    const { token } = recaptcha.issue({ action: 'a' });
    expect(recaptcha.verify(form({ secret: 'wrong', response: token })).success).toBe(false);
    expect(recaptcha.verify(form({ secret: LOCAL_RECAPTCHA_SECRET_KEY, response: token })).success).toBe(
      true,
    );
  });

  it.each([
    [null, /JSON object/],
    [{ action: 'a', score: 1.1 }, /score/],
    [{ action: 'a', score: '0.5' }, /score/],
    [{ action: 'has space' }, /action/],
    [{}, /action/],
    [{ action: 'a', hostname: 'a b' }, /hostname/],
    [{ action: 'a', colour: 'red' }, /Unknown field colour/],
  ])('refuses the token request %j', (request, message) => {
    expect(() => standIn().recaptcha.issue(request)).toThrow(InvalidRecaptchaTokenRequestError);
    expect(() => standIn().recaptcha.issue(request)).toThrow(message);
  });
});
