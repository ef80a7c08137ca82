import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { BucketCorsRule } from '@backend/contracts';
import {
  answerPreflight,
  corsHeadersFor,
  isPreflight,
  matchCorsRule,
  s3TargetOf,
} from '../../src/edge/cors.js';

const request = (method: string, url: string, headers: Record<string, string>) =>
  ({ method, url, headers }) as unknown as IncomingMessage;

/** Records what a handler writes, in place of a socket. */
function response() {
  const written: { status?: number; headers?: Record<string, string>; body: string } = { body: '' };
  const res = {
    headersSent: false,
    writeHead(status: number, headers: Record<string, string>) {
      written.status = status;
      written.headers = headers;
      return res;
    },
    end(body?: string) {
      written.body = body ?? '';
    },
  };
  return { res: res as unknown as ServerResponse, written };
}

const uploads: BucketCorsRule[] = [
  {
    allowedOrigins: ['http://127.0.0.1:*', 'https://idp.example.gov'],
    allowedMethods: ['PUT'],
    allowedHeaders: ['content-type', 'x-amz-*'],
    maxAgeSeconds: 3000,
  },
  { allowedOrigins: ['*'], allowedMethods: ['GET'] },
];
const cors = (bucket: string) => (bucket === 'uploads' ? uploads : undefined);

describe('matchCorsRule', () => {
  it('matches origins with one wildcard, methods exactly and requested headers case-insensitively', () => {
    expect(matchCorsRule(uploads, 'http://127.0.0.1:5173', 'PUT', ['content-type'])).toBe(uploads[0]);
    expect(matchCorsRule(uploads, 'https://idp.example.gov', 'put', ['x-amz-checksum-crc32'])).toBe(
      uploads[0],
    );
    expect(matchCorsRule(uploads, 'https://evil.example', 'GET')).toBe(uploads[1]);
  });

  it('matches no rule for another origin, method or header', () => {
    expect(matchCorsRule(uploads, 'https://evil.example', 'PUT', ['content-type'])).toBeUndefined();
    expect(matchCorsRule(uploads, 'https://idp.example.gov.evil.example', 'PUT')).toBeUndefined();
    expect(matchCorsRule(uploads, 'http://127.0.0.1:5173', 'DELETE')).toBeUndefined();
    expect(matchCorsRule(uploads, 'http://127.0.0.1:5173', 'PUT', ['authorization'])).toBeUndefined();
  });
});

describe('s3TargetOf', () => {
  it('reads path-style and virtual-hosted requests, decoding the key', () => {
    expect(
      s3TargetOf(request('PUT', '/uploads/a/b%20c.enc?X-Amz-Signature=1', { host: '127.0.0.1:4566' })),
    ).toEqual({
      bucket: 'uploads',
      key: 'a/b c.enc',
    });
    expect(s3TargetOf(request('PUT', '/front.enc', { host: 'uploads.localhost:4566' }))).toEqual({
      bucket: 'uploads',
      key: 'front.enc',
    });
    expect(s3TargetOf(request('GET', '/', { host: '127.0.0.1:4566' }))).toBeUndefined();
  });
});

describe('answerPreflight', () => {
  const preflight = (url: string, origin: string, method: string, headers?: string) =>
    request('OPTIONS', url, {
      host: '127.0.0.1:4566',
      origin,
      'access-control-request-method': method,
      ...(headers === undefined ? {} : { 'access-control-request-headers': headers }),
    });

  it('is only an OPTIONS request with Origin and Access-Control-Request-Method', () => {
    expect(isPreflight(preflight('/uploads/k', 'http://127.0.0.1:1', 'PUT'))).toBe(true);
    expect(isPreflight(request('OPTIONS', '/uploads/k', { origin: 'http://127.0.0.1:1' }))).toBe(false);
    expect(isPreflight(request('PUT', '/uploads/k', { origin: 'http://127.0.0.1:1' }))).toBe(false);
  });

  it('allows a PUT with content-type from an allowed origin, echoing the origin', () => {
    const { res, written } = response();
    answerPreflight(
      preflight('/uploads/front.enc', 'http://127.0.0.1:5173', 'PUT', 'Content-Type'),
      res,
      cors,
    );
    expect(written.status).toBe(200);
    expect(written.headers).toMatchObject({
      'access-control-allow-origin': 'http://127.0.0.1:5173',
      'access-control-allow-methods': 'PUT',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '3000',
    });
    expect(written.headers?.vary).toMatch(/Origin/);
  });

  it('answers 403 CORSResponse to another origin and to a bucket without CORS', () => {
    const denied = response();
    answerPreflight(
      preflight('/uploads/front.enc', 'https://evil.example', 'PUT', 'content-type'),
      denied.res,
      cors,
    );
    expect(denied.written.status).toBe(403);
    expect(denied.written.body).toMatch(/<Code>CORSResponse<\/Code>.*not allowed/);
    expect(denied.written.headers?.['access-control-allow-origin']).toBeUndefined();

    const noCors = response();
    answerPreflight(preflight('/private/k', 'http://127.0.0.1:5173', 'PUT'), noCors.res, cors);
    expect(noCors.written.status).toBe(403);
    expect(noCors.written.body).toMatch(/CORS is not enabled for this bucket/);
  });
});

describe('corsHeadersFor', () => {
  it('gives the headers for a browser request an allowed origin makes, and none otherwise', () => {
    const put = (origin?: string, url = '/uploads/front.enc') =>
      request('PUT', url, { host: '127.0.0.1:4566', ...(origin === undefined ? {} : { origin }) });
    expect(corsHeadersFor(put('http://localhost:8080'), cors)).toBeUndefined();
    expect(corsHeadersFor(put('http://127.0.0.1:8080'), cors)).toMatchObject({
      'access-control-allow-origin': 'http://127.0.0.1:8080',
      'access-control-allow-credentials': 'true',
    });
    expect(corsHeadersFor(put(), cors)).toBeUndefined();
    expect(corsHeadersFor(put('http://127.0.0.1:8080', '/private/k'), cors)).toBeUndefined();
    const anyOrigin = corsHeadersFor(
      request('GET', '/uploads/k', { host: 'x', origin: 'https://a.example' }),
      cors,
    );
    expect(anyOrigin?.['access-control-allow-origin']).toBe('*');
    expect(anyOrigin?.['access-control-allow-credentials']).toBeUndefined();
  });
});
