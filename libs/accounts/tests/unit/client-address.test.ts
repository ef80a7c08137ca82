import type { HttpRequest } from '@backend/platform';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/index.js';

const request = (sourceIp: string, headers: Record<string, string> = {}) =>
  ({ sourceIp, headers }) as HttpRequest;

describe('clientAddress', () => {
  it('is the viewer CloudFront names, IPv4 or IPv6, without the port', () => {
    expect(clientAddress(request('130.176.0.1', { 'cloudfront-viewer-address': '203.0.113.7:51234' }))).toBe(
      '203.0.113.7',
    );
    expect(clientAddress(request('130.176.0.1', { 'cloudfront-viewer-address': '2001:db8::1:443' }))).toBe(
      '2001:db8::1',
    );
  });

  it("is API Gateway's sourceIp without the header, or when the header is not an address", () => {
    expect(clientAddress(request('198.51.100.4'))).toBe('198.51.100.4');
    expect(clientAddress(request('198.51.100.4', { 'cloudfront-viewer-address': 'x' }))).toBe('198.51.100.4');
    expect(clientAddress(request('198.51.100.4', { 'cloudfront-viewer-address': '<script>:1' }))).toBe(
      '198.51.100.4',
    );
  });
});
