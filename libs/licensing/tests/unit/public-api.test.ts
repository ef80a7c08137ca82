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

const request = (source: 'alb' | 'apigateway', sourceIp: string, forwardedFor?: string) =>
  ({
    source,
    sourceIp,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as HttpRequest;

describe('registrationClientIp', () => {
  it('behind the ALB, counts the address the ALB appended, not one the client sent', () => {
    expect(registrationClientIp(request('alb', '', '203.0.113.9'))).toBe('203.0.113.9');
    expect(registrationClientIp(request('alb', '', '10.0.0.1, 192.0.2.7, 203.0.113.9'))).toBe('203.0.113.9');
    expect(registrationClientIp(request('alb', '', 'spoofed, 2001:db8::7'))).toBe('2001:db8::7');
  });

  it('counts anything that is not an address as one shared "unknown" client', () => {
    expect(registrationClientIp(request('alb', ''))).toBe('unknown');
    expect(registrationClientIp(request('alb', '', '203.0.113.9, not-an-ip'))).toBe('unknown');
    expect(registrationClientIp(request('apigateway', 'garbage'))).toBe('unknown');
  });

  it('through API Gateway, counts the TCP peer (sourceIp) and ignores X-Forwarded-For', () => {
    expect(registrationClientIp(request('apigateway', '198.51.100.4', '203.0.113.9'))).toBe('198.51.100.4');
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
