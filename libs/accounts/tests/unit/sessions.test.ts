import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  InvalidSessionError,
  SessionKeyringError,
  issueSession,
  newSessionKeyringDocument,
  parseSessionKeyring,
  rotateSessionKeyring,
  verifySession,
} from '../../src/index.js';

const claims = { userId: 'u-1', email: 'ann@example.gov', sessionVersion: 3 };
const ISSUER = 'accounts.test';

describe('session keyring and tokens', () => {
  it('signs ES256 with the current kid and verifies it back', async () => {
    const keyring = parseSessionKeyring(newSessionKeyringDocument());
    const token = await issueSession(keyring, ISSUER, claims);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'ES256', kid: keyring.current, typ: 'JWT' });
    await expect(verifySession(keyring, ISSUER, token)).resolves.toEqual(claims);
  });

  it('keeps sessions valid through a rotation: add, promote, then retire after they expired', async () => {
    const first = newSessionKeyringDocument();
    const before = await issueSession(parseSessionKeyring(first), ISSUER, claims);
    const added = rotateSessionKeyring(first, 'add');
    expect(parseSessionKeyring(added).current).toBe(parseSessionKeyring(first).current);
    const promoted = rotateSessionKeyring(added, 'promote');
    const after = await issueSession(parseSessionKeyring(promoted), ISSUER, claims);
    // Both verify while both keys are in the keyring...
    await expect(verifySession(parseSessionKeyring(promoted), ISSUER, before)).resolves.toEqual(claims);
    await expect(verifySession(parseSessionKeyring(added), ISSUER, after)).resolves.toEqual(claims);
    // ...and the retired key's sessions no longer do.
    const retired = parseSessionKeyring(rotateSessionKeyring(promoted, 'retire'));
    await expect(verifySession(retired, ISSUER, after)).resolves.toEqual(claims);
    await expect(verifySession(retired, ISSUER, before)).rejects.toBeInstanceOf(InvalidSessionError);
  });

  it.each([
    [
      'another issuer',
      async (text: string) => issueSession(parseSessionKeyring(text), 'accounts.prod', claims),
    ],
    ['garbage', async () => 'not.a.jwt'],
    [
      'HS256 with the public key as secret',
      async () =>
        new SignJWT({ email: 'x', sv: 1 })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(ISSUER)
          .setAudience('accounts')
          .setSubject('u-1')
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('secret-secret-secret-secret-1234')),
    ],
    [
      'an unknown key',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT({ email: 'x', sv: 1 })
          .setProtectedHeader({ alg: 'ES256', kid: 'k-unknown' })
          .setIssuer(ISSUER)
          .setAudience('accounts')
          .setSubject('u-1')
          .setExpirationTime('5m')
          .sign(privateKey);
      },
    ],
    [
      'an expired session',
      async (text: string) => {
        const keyring = parseSessionKeyring(text);
        const { privateKey, current } = keyring;
        return new SignJWT({ email: 'x', sv: 1 })
          .setProtectedHeader({ alg: 'ES256', kid: current })
          .setIssuer(ISSUER)
          .setAudience('accounts')
          .setSubject('u-1')
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(privateKey);
      },
    ],
  ])('refuses %s with InvalidSessionError', async (_name, make) => {
    const text = newSessionKeyringDocument();
    const token = await make(text);
    await expect(verifySession(parseSessionKeyring(text), ISSUER, token)).rejects.toBeInstanceOf(
      InvalidSessionError,
    );
  });

  it.each([
    ['not JSON', 'x'],
    ['no current key', JSON.stringify({ current: 'a', keys: {} })],
    [
      'an RSA or public key',
      JSON.stringify({ current: 'a', keys: { a: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } } }),
    ],
  ])('refuses a keyring secret that is %s, without quoting it', (_name, text) => {
    expect(() => parseSessionKeyring(text)).toThrow(SessionKeyringError);
    try {
      parseSessionKeyring(text);
    } catch (error) {
      expect((error as Error).message).not.toContain(text);
    }
  });
});
