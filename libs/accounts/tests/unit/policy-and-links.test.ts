import { describe, expect, it } from 'vitest';
import {
  WeakPasswordError,
  checkPasswordPolicy,
  loadCommonPasswords,
  normaliseEmail,
  pageLink,
} from '../../src/index.js';

describe('password policy (NIST SP 800-63B)', () => {
  it('bundles a common-password list of at least 10,000 entries', async () => {
    expect((await loadCommonPasswords()).size).toBeGreaterThanOrEqual(10_000);
  });

  it.each([
    ['11 characters', 'abcdefghijk', 'at least 12'],
    ['a common password', 'qwerty123456', 'too common'],
    ['a common password in capitals', 'QWERTY123456', 'too common'],
    ['the address itself', 'ann@example.gov', 'e-mail address'],
    ['257 characters', 'x'.repeat(257), 'at most 256'],
    ['more bytes than the hash takes once NFKC-expanded', '\uFDFA'.repeat(60), 'at most 256'],
  ])('refuses %s, naming the rule and the field', async (_name, password, rule) => {
    const check = checkPasswordPolicy(password, { field: 'newPassword', email: 'ann@example.gov' });
    await expect(check).rejects.toBeInstanceOf(WeakPasswordError);
    await expect(check).rejects.toMatchObject({ field: 'newPassword', code: 'WEAK_PASSWORD' });
    await expect(check).rejects.toThrow(rule);
  });

  it.each([
    ['12 characters, no composition rule', 'abcdefghijkl'],
    ['64 characters', 'horse '.repeat(10) + 'abcd'],
    ['spaces and non-ASCII', 'ünïcödé pässwörd wörks'],
  ])('accepts %s', async (_name, password) => {
    await expect(checkPasswordPolicy(password, { field: 'password' })).resolves.toBeUndefined();
  });
});

describe('addresses and links', () => {
  it('normalises case and width so one mailbox is one account', () => {
    expect(normaliseEmail(' Ann.Lee@Example.GOV ')).toBe('ann.lee@example.gov');
    expect(normaliseEmail('ａｎｎ@example.gov')).toBe('ann@example.gov');
  });

  it('puts URL-encoded parameters in the fragment, where no server or Referer sees them', () => {
    const link = pageLink('https://id.example.gov', 'verify', { email: 'a+b@x.gov', token: 'T0k_en-&=?#' });
    const url = new URL(link);
    expect(url.pathname).toBe('/accounts/verify.html');
    expect(url.search).toBe('');
    const params = new URLSearchParams(url.hash.slice(1));
    expect(params.get('email')).toBe('a+b@x.gov');
    expect(params.get('token')).toBe('T0k_en-&=?#');
    expect(link).not.toContain('a+b@');
  });
});
