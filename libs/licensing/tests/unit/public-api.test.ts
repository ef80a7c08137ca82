import type { HttpRequest } from '@backend/platform';
import { describe, expect, it } from 'vitest';
import {
  LICENSING_FLAGS,
  flagParameters,
  registrationClientIp,
  registrationLink,
  registrationLinkMail,
  statsigTier,
} from '../../src/index.js';

const request = (sourceIp: string) => ({ sourceIp, headers: {} }) as unknown as HttpRequest;

describe('registrationClientIp', () => {
  // Which address is the TCP peer (API Gateway's sourceIp, the ALB's right-most X-Forwarded-For entry) is the
  // platform's to say: libs/platform/tests/unit/http.test.ts.
  it("counts the platform's sourceIp, IPv4 or IPv6", () => {
    expect(registrationClientIp(request('203.0.113.9'))).toBe('203.0.113.9');
    expect(registrationClientIp(request('2001:db8::7'))).toBe('2001:db8::7');
  });

  it('counts anything that is not an address as one shared "unknown" client', () => {
    expect(registrationClientIp(request(''))).toBe('unknown');
    expect(registrationClientIp(request('not-an-ip'))).toBe('unknown');
    expect(registrationClientIp(request('203.0.113.9, 198.51.100.4'))).toBe('unknown');
  });
});

describe('the registration mail', () => {
  it('puts the token URL-encoded in the fragment of the configured URL, replacing any fragment', () => {
    const link = registrationLink('https://app.example.gov/register/continue?step=2#old', 'a+b/c=d&e');
    expect(link).toBe('https://app.example.gov/register/continue?step=2#token=a%2Bb%2Fc%3Dd%26e');
    expect(new URLSearchParams(new URL(link).hash.slice(1)).get('token')).toBe('a+b/c=d&e');
  });

  it('escapes every value in the HTML part', () => {
    const rendered = registrationLinkMail.render({
      link: 'https://x.example/"><script>alert(1)</script>',
      hours: 24,
    });
    expect(rendered.html.value).not.toContain('<script>');
    expect(rendered.html.value).toContain('&lt;script&gt;');
    expect(rendered.text).toContain('24 hours');
  });
});

describe('the flags', () => {
  it('declares one SSM parameter per flag, its local value the declared default', () => {
    expect(flagParameters).toEqual(
      Object.entries(LICENSING_FLAGS).map(([flag, { default: value }]) => ({
        name: `/local/licensing/flags/${flag}`,
        type: 'String',
        localValue: String(value),
      })),
    );
  });
});

describe('the StatSig tier', () => {
  it("is the deployment's own environment: production for prod, staging for beta, development elsewhere", () => {
    expect(['prod', 'beta', 'test', 'sandbox', 'local'].map(statsigTier)).toEqual([
      'production',
      'staging',
      'development',
      'development',
      'development',
    ]);
  });
});
