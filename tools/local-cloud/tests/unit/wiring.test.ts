import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { credentialScopeOf } from '../../src/edge/sigv4.js';
import type { InvocationResult } from '../../src/runtime/types.js';
import { compileRoute, fromHandlerResult, matchRoute } from '../../src/wiring/http-api.js';
import { encodeEventKey, matchesEvent, matchesKey } from '../../src/wiring/s3-notifications.js';
import { messagesToDelete } from '../../src/wiring/sqs-event-source.js';

const request = (headers: Record<string, string>, url = '/') =>
  ({ headers, url }) as unknown as IncomingMessage;
const result = (payload: unknown, error?: InvocationResult['error']): InvocationResult => ({
  requestId: 'r',
  payload: JSON.stringify(payload),
  durationMs: 1,
  ...(error === undefined ? {} : { error }),
});

describe('credentialScopeOf', () => {
  it('reads the service and region from a SigV4 Authorization header', () => {
    const scope = credentialScopeOf(
      request({
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc',
      }),
    );
    expect(scope).toEqual({ region: 'eu-west-1', service: 'secretsmanager' });
  });

  it('reads a pre-signed URL’s X-Amz-Credential, and nothing from an unsigned request', () => {
    const presigned = request(
      {},
      '/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request',
    );
    expect(credentialScopeOf(presigned)).toEqual({ region: 'us-east-1', service: 's3' });
    expect(credentialScopeOf(request({}, '/bucket/key'))).toBeUndefined();
    expect(
      credentialScopeOf(request({ authorization: 'AWS4-HMAC-SHA256 Credential=garbage' })),
    ).toBeUndefined();
  });
});

describe('HTTP API routes', () => {
  const routes = ['GET /users/{id}', 'GET /users/me', 'ANY /users/{proxy+}', 'POST /users', '$default'].map(
    (routeKey) => compileRoute({ routeKey, functionName: routeKey }),
  );

  it('prefers exact paths, then variables, then greedy variables, then $default', () => {
    expect(matchRoute(routes, 'GET', '/users/me')?.route.routeKey).toBe('GET /users/me');
    expect(matchRoute(routes, 'GET', '/users/42')).toMatchObject({
      route: { routeKey: 'GET /users/{id}' },
      pathParameters: { id: '42' },
    });
    expect(matchRoute(routes, 'DELETE', '/users/42/keys')).toMatchObject({
      pathParameters: { proxy: '42/keys' },
    });
    expect(matchRoute(routes, 'PUT', '/elsewhere')?.route.routeKey).toBe('$default');
  });

  it('rejects a malformed route key', () => {
    expect(() => compileRoute({ routeKey: 'FETCH /x', functionName: 'f' })).toThrow(/not "METHOD \/path"/);
    expect(() => compileRoute({ routeKey: 'GET /{proxy+}/x', functionName: 'f' })).toThrow(/Greedy/);
  });

  it('maps results as API Gateway does', () => {
    expect(fromHandlerResult(result('hello'))).toMatchObject({ status: 200, body: Buffer.from('hello') });
    expect(fromHandlerResult(result({ a: 1 })).body.toString()).toBe('{"a":1}');
    expect(fromHandlerResult(result({ statusCode: 'x' })).status).toBe(500);
    expect(
      fromHandlerResult(result(null, { errorType: 'Error', errorMessage: 'secret detail' })).body.toString(),
    ).toBe('{"message":"Internal Server Error"}');
    const binary = fromHandlerResult(
      result({ statusCode: 204, body: Buffer.from([0, 255]).toString('base64'), isBase64Encoded: true }),
    );
    expect([...binary.body]).toEqual([0, 255]);
  });
});

describe('SQS partial batch responses', () => {
  const batch = [
    { MessageId: 'a', ReceiptHandle: 'ra' },
    { MessageId: 'b', ReceiptHandle: 'rb' },
  ];

  it('deletes all on success, none on a function error, all but the listed failures otherwise', () => {
    expect(messagesToDelete(result(null), batch, true)).toEqual(batch);
    expect(messagesToDelete(result({ batchItemFailures: [] }), batch, true)).toEqual(batch);
    expect(messagesToDelete(result(null, { errorType: 'Error', errorMessage: 'x' }), batch, true)).toEqual(
      [],
    );
    expect(messagesToDelete(result({ batchItemFailures: [{ itemIdentifier: 'b' }] }), batch, true)).toEqual([
      batch[0],
    ]);
  });

  it('treats an unknown or missing item identifier as a failure of the whole batch, as Lambda does', () => {
    expect(messagesToDelete(result({ batchItemFailures: [{ itemIdentifier: 'zzz' }] }), batch, true)).toEqual(
      [],
    );
    expect(messagesToDelete(result({ batchItemFailures: [{}] }), batch, true)).toEqual([]);
    expect(messagesToDelete(result({ batchItemFailures: 'b' }), batch, true)).toEqual([]);
  });

  it('ignores batchItemFailures when the mapping does not report them', () => {
    expect(messagesToDelete(result({ batchItemFailures: [{ itemIdentifier: 'b' }] }), batch, false)).toEqual(
      batch,
    );
  });
});

describe('S3 notification filters', () => {
  it('matches event patterns, prefixes and suffixes', () => {
    expect(matchesEvent(['s3:ObjectCreated:*'], 'ObjectCreated:Copy')).toBe(true);
    expect(matchesEvent(['s3:ObjectCreated:Put'], 'ObjectCreated:CompleteMultipartUpload')).toBe(false);
    expect(matchesKey({ queue: 'q', events: [], prefix: 'in/', suffix: '.csv' }, 'in/a.csv')).toBe(true);
    expect(matchesKey({ queue: 'q', events: [], prefix: 'in/', suffix: '.csv' }, 'in/a.txt')).toBe(false);
  });

  it('encodes keys as S3 events do', () => {
    expect(encodeEventKey('incoming/board 1 (v2).csv')).toBe('incoming/board+1+%28v2%29.csv');
    expect(encodeEventKey('a+b/é.csv')).toBe('a%2Bb/%C3%A9.csv');
  });
});
