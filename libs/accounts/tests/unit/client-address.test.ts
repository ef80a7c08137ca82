import { ConfigError, type HttpRequest, type HttpRoute } from '@backend/platform';
import { describe, expect, it } from 'vitest';
import {
  accountsRoutes,
  clientAddress,
  trustedProxies,
  viewerAddress,
  type Accounts,
} from '../../src/index.js';

const request = (sourceIp: string, headers: Record<string, string> = {}) =>
  ({ sourceIp, headers }) as HttpRequest;

// Documentation ranges standing in for CloudFront's origin-facing ones.
const edges = trustedProxies(['130.176.0.0/18', '2600:9000:1000::/36']);
const viewer = (value: string) => ({ 'cloudfront-viewer-address': value });

describe('clientAddress', () => {
  it('is the viewer a trusted edge names, IPv4 or IPv6, with the port dropped', () => {
    expect(clientAddress(request('130.176.12.9', viewer('203.0.113.7:51234')), edges)).toBe('203.0.113.7');
    // IPv6 unbracketed, as CloudFront writes it, or bracketed; from an IPv4 or an IPv6 edge.
    expect(clientAddress(request('130.176.12.9', viewer('2001:db8::1:443')), edges)).toBe('2001:db8::1');
    expect(clientAddress(request('2600:9000:1234::7', viewer('[2001:db8::2]:443')), edges)).toBe(
      '2001:db8::2',
    );
    expect(
      clientAddress(
        request('2600:9000:1234::7', viewer('2001:0db8:85a3:0000:0000:8a2e:0370:7334:46532')),
        edges,
      ),
    ).toBe('2001:0db8:85a3:0000:0000:8a2e:0370:7334');
  });

  it("is the caller's own sourceIp when the header comes from outside the trusted ranges", () => {
    expect(clientAddress(request('198.51.100.4', viewer('203.0.113.7:51234')), edges)).toBe('198.51.100.4');
    expect(clientAddress(request('130.176.64.1', viewer('203.0.113.7:51234')), edges)).toBe('130.176.64.1');
    expect(clientAddress(request('2001:db8::9', viewer('203.0.113.7:51234')), edges)).toBe('2001:db8::9');
    // No trusted proxy at all (the local cloud): the header is never believed.
    expect(clientAddress(request('130.176.12.9', viewer('203.0.113.7:51234')), trustedProxies([]))).toBe(
      '130.176.12.9',
    );
  });

  it('is sourceIp without the header, or when a trusted edge sends one that is not an address and port', () => {
    expect(clientAddress(request('130.176.12.9'), edges)).toBe('130.176.12.9');
    for (const malformed of [
      'x',
      '203.0.113.7',
      '<script>:1',
      '203.0.113.7:',
      '999.0.113.7:80',
      '203.0.113.7:80, 198.51.100.1:81',
      '[2001:db8::1:443',
      '2001:db8::1]:443',
      '203.0.113.7:123456',
    ])
      expect(clientAddress(request('130.176.12.9', viewer(malformed)), edges)).toBe('130.176.12.9');
  });
});

describe('viewerAddress', () => {
  it('reads <ip>:<port> and nothing else', () => {
    expect(viewerAddress(' 203.0.113.7:1 ')).toBe('203.0.113.7');
    expect(viewerAddress('::1:8080')).toBe('::1');
    expect(viewerAddress('::1')).toBeUndefined();
    expect(viewerAddress('')).toBeUndefined();
  });
});

describe('trustedProxies', () => {
  it('matches IPv4 and IPv6 CIDRs and nothing outside them', () => {
    expect(edges.check('130.176.63.255', 'ipv4')).toBe(true);
    expect(edges.check('130.176.64.0', 'ipv4')).toBe(false);
    expect(edges.check('2600:9000:1fff::1', 'ipv6')).toBe(true);
    expect(edges.check('2600:9000:2000::1', 'ipv6')).toBe(false);
  });

  it('refuses a malformed CIDR as a config error naming its position, not its text', () => {
    for (const bad of [
      '130.176.0.0',
      '130.176.0.0/33',
      '2600:9000::/129',
      'edge/8',
      '10.0.0.0/8/1',
      '10.0.0.0/08',
    ]) {
      const thrown = (() => {
        try {
          trustedProxies(['192.0.2.0/24', bad]);
        } catch (error) {
          return error;
        }
      })();
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).message).toBe('TRUSTED_PROXY_CIDRS item 2 is not an IPv4 or IPv6 CIDR');
    }
  });
});

describe('accountsRoutes', () => {
  const seen: string[] = [];
  const accounts = {
    verifyUser: async (_input: unknown, origin: { sourceIp: string }) => {
      seen.push(origin.sourceIp);
      return { status: 'verified' };
    },
  } as unknown as Accounts;
  const body = JSON.stringify({ email: 'ann@example.gov', token: 'A'.repeat(43) });
  const context = {} as Parameters<HttpRoute>[1];
  const post = (sourceIp: string, headers: Record<string, string>) =>
    ({ sourceIp, headers, json: () => JSON.parse(body) as unknown }) as HttpRequest;

  it('reads the trusted CIDRs once, on the first request, and counts each request under its client', async () => {
    let reads = 0;
    const routes = accountsRoutes(accounts, () => {
      reads += 1;
      return ['130.176.0.0/18'];
    });
    expect(reads).toBe(0);
    await routes['verify-user'](post('130.176.1.1', viewer('203.0.113.7:443')), context);
    await routes['verify-user'](post('198.51.100.4', viewer('203.0.113.8:443')), context);
    expect(seen).toEqual(['203.0.113.7', '198.51.100.4']);
    expect(reads).toBe(1);
  });

  it('fails a request with the config error, before the operation, when a CIDR is malformed', async () => {
    const routes = accountsRoutes(accounts, () => ['not a cidr']);
    seen.length = 0;
    await expect(routes['verify-user'](post('130.176.1.1', {}), context)).rejects.toBeInstanceOf(ConfigError);
    expect(seen).toEqual([]);
  });
});
