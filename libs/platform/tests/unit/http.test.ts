import type { ALBEvent, ALBResult, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  UnsupportedEventError,
  ValidationError,
  clearSensitiveValues,
  createLogger,
  httpHandler,
  registerSensitiveValues,
  type HttpApiEvent,
  type HttpRequest,
  type HttpRoute,
} from '../../src/index.js';
import { captureOutput, lambdaContext, type CapturedOutput } from '../support/output.js';

function httpApiEvent(overrides: Partial<HttpApiEvent> = {}, method = 'POST'): HttpApiEvent {
  return {
    version: '2.0',
    routeKey: `${method} /users/{id}`,
    rawPath: '/users/42',
    rawQueryString: 'page=2&tag=a,b',
    cookies: ['session=abc%20123', 'theme=dark'],
    headers: { 'content-type': 'application/json', 'user-agent': 'vitest', 'x-request-tag': 'one, two' },
    queryStringParameters: { page: '2', tag: 'a,b' },
    pathParameters: { id: '42' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1',
      domainName: 'api.example.gov',
      domainPrefix: 'api',
      http: { method, path: '/users/42', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'apigw-req-1',
      routeKey: `${method} /users/{id}`,
      stage: '$default',
      time: '21/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    body: '{"name":"Ada"}',
    isBase64Encoded: false,
    ...overrides,
  };
}

function albEvent(overrides: Partial<ALBEvent> = {}): ALBEvent {
  return {
    requestContext: {
      elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1' },
    },
    httpMethod: 'POST',
    path: '/licenses',
    queryStringParameters: { 'board%20id': 'MD%2FRN', q: 'a+b' },
    headers: {
      'Content-Type': 'application/json',
      cookie: 'session=xyz; theme=light',
      'x-forwarded-for': '10.0.0.1, 198.51.100.4',
    },
    body: '{"license":"RN-1"}',
    isBase64Encoded: false,
    ...overrides,
  };
}

const echo: HttpRoute = async (request) => ({
  status: 200,
  body: { ...withoutJson(request), parsed: request.body === undefined ? null : request.json() },
});

const withoutJson = ({ json: _json, ...rest }: HttpRequest) => rest;

describe('httpHandler', () => {
  let output: CapturedOutput;
  const log = createLogger({ serviceName: 'http-test' });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
    clearSensitiveValues();
  });

  it('normalises an API Gateway HTTP API 2.0 request and maps the response back', async () => {
    const handler = httpHandler(
      async (request) => ({
        status: 201,
        body: { seen: withoutJson(request), parsed: request.json() },
        headers: { 'X-Custom': 'yes' },
        cookies: ['session=new; HttpOnly; Secure', 'theme=dark'],
      }),
      { logger: log },
    );
    const result = (await handler(httpApiEvent(), lambdaContext())) as APIGatewayProxyStructuredResultV2;

    expect(result.statusCode).toBe(201);
    expect(result.headers).toEqual({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-custom': 'yes',
    });
    expect(result.cookies).toEqual(['session=new; HttpOnly; Secure', 'theme=dark']);
    expect(result.isBase64Encoded).toBe(false);
    expect(JSON.parse(result.body ?? '')).toEqual({
      seen: {
        method: 'POST',
        path: '/users/42',
        headers: { 'content-type': 'application/json', 'user-agent': 'vitest', 'x-request-tag': 'one, two' },
        query: { page: '2', tag: 'a,b' },
        pathParameters: { id: '42' },
        cookies: { session: 'abc 123', theme: 'dark' },
        body: '{"name":"Ada"}',
        requestId: 'apigw-req-1',
        sourceIp: '203.0.113.7',
        source: 'apigateway',
      },
      parsed: { name: 'Ada' },
    });
    const access = output.records().find((r) => r.message === 'HTTP request');
    expect(access).toMatchObject({ request_id: 'apigw-req-1', route: 'POST /users/{id}', status: 201 });
  });

  it('normalises an ALB request: decodes the query, lower-cases headers, reads cookies and client ip', async () => {
    const handler = httpHandler(echo, { logger: log });
    const result = (await handler(albEvent(), lambdaContext('lambda-req-9'))) as ALBResult;

    expect(result.statusCode).toBe(200);
    expect(result.statusDescription).toBe('200 OK');
    expect(result.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    expect(result.multiValueHeaders).toBeUndefined();
    expect(JSON.parse(result.body ?? '')).toMatchObject({
      method: 'POST',
      path: '/licenses',
      query: { 'board id': 'MD/RN', q: 'a b' },
      headers: { 'content-type': 'application/json', cookie: 'session=xyz; theme=light' },
      cookies: { session: 'xyz', theme: 'light' },
      sourceIp: '198.51.100.4',
      requestId: 'lambda-req-9',
      pathParameters: {},
      source: 'alb',
      parsed: { license: 'RN-1' },
    });
  });

  it('answers an ALB event that uses multi-value headers with multi-value headers and every cookie', async () => {
    const handler = httpHandler(async (request) => ({
      status: 200,
      body: { accept: request.headers['accept'], ids: request.query['id'] },
      cookies: ['a=1; Secure', 'b=2; Secure'],
    }));
    const event = albEvent({
      headers: undefined,
      queryStringParameters: undefined,
      multiValueHeaders: { Accept: ['text/html', 'application/json'] },
      multiValueQueryStringParameters: { id: ['1', '2%203'] },
      body: null,
    });
    const result = (await handler(event, lambdaContext())) as ALBResult;
    expect(result.headers).toBeUndefined();
    expect(result.multiValueHeaders).toEqual({
      'content-type': ['application/json'],
      'cache-control': ['no-store'],
      'set-cookie': ['a=1; Secure', 'b=2; Secure'],
    });
    expect(JSON.parse(result.body ?? '')).toEqual({ accept: 'text/html, application/json', ids: '1,2 3' });
  });

  it('refuses to drop cookies on a single-value ALB response: 500, logged', async () => {
    const handler = httpHandler(async () => ({ status: 200, cookies: ['a=1', 'b=2'] }), { logger: log });
    const result = (await handler(albEvent(), lambdaContext())) as ALBResult;
    expect(result.statusCode).toBe(500);
    expect(output.text()).toContain('enable them on the ALB target group');
  });

  it('decodes a base64 body only when isBase64Encoded is true', async () => {
    const handler = httpHandler(echo, { logger: log });
    const json = '{"greeting":"héllo"}';
    const encoded = Buffer.from(json).toString('base64');
    const decoded = (await handler(
      httpApiEvent({ body: encoded, isBase64Encoded: true }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    expect(JSON.parse(decoded.body ?? '')).toMatchObject({ body: json, parsed: { greeting: 'héllo' } });

    const literal = (await handler(
      httpApiEvent({ body: encoded, isBase64Encoded: false, headers: { 'content-type': 'text/plain' } }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    // Not decoded: the route sees the text as sent, and json() refuses text/plain.
    expect(literal.statusCode).toBe(415);
    expect(JSON.parse(literal.body ?? '')).toEqual({
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type must be application/json' },
    });
  });

  it.each([
    ['API Gateway', () => httpApiEvent({ body: '{"name": "Ada"' })],
    ['ALB', () => albEvent({ body: 'not json at all' })],
  ])('answers malformed JSON with a 400 envelope (%s)', async (_kind, event) => {
    const handler = httpHandler(echo, { logger: log });
    const result = await handler(event(), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '')).toEqual({
      error: { code: 'MALFORMED_JSON', message: 'Request body is not valid JSON' },
    });
    expect(output.text()).not.toContain('not json at all');
  });

  it('answers an oversized body with 413 before the route runs, counting decoded bytes', async () => {
    const route = vi.fn(echo);
    const handler = httpHandler(route, { maxBodyBytes: 1024, logger: log });
    const big = JSON.stringify({ blob: 'x'.repeat(2000) });
    const tooLarge = await handler(httpApiEvent({ body: big }), lambdaContext());
    expect(tooLarge.statusCode).toBe(413);
    expect(JSON.parse(tooLarge.body ?? '')).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is larger than 1024 bytes' },
    });
    const tooLargeAlb = await handler(
      albEvent({ body: Buffer.from(big).toString('base64'), isBase64Encoded: true }),
      lambdaContext(),
    );
    expect(tooLargeAlb.statusCode).toBe(413);
    expect(route).not.toHaveBeenCalled();

    // Exactly the limit passes, although its base64 form is 1,368 characters: the limit applies to
    // what the route reads.
    const fits = JSON.stringify({ blob: 'y'.repeat(1024 - 11) });
    expect(Buffer.byteLength(fits)).toBe(1024);
    const ok = await handler(
      httpApiEvent({ body: Buffer.from(fits).toString('base64'), isBase64Encoded: true }),
      lambdaContext(),
    );
    expect(ok.statusCode).toBe(200);
    expect(route).toHaveBeenCalledTimes(1);
  });

  it('maps a thrown non-AppError to a fixed 500 without stack, and logs it redacted with the request id', async () => {
    const handler = httpHandler(
      async (request) => {
        const { email } = request.json<{ email: string }>();
        registerSensitiveValues(email);
        throw new Error(`duplicate key for ${email}`);
      },
      { logger: log },
    );
    const result = await handler(httpApiEvent({ body: '{"email":"grace@example.org"}' }), lambdaContext());

    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"error":{"code":"INTERNAL","message":"Internal error"}}');
    expect((result as APIGatewayProxyStructuredResultV2).headers).toMatchObject({
      'cache-control': 'no-store',
    });
    const failure = output.records().find((r) => r.message === 'Unhandled error') as {
      request_id: string;
      error: { name: string; message: string; stack: string };
    };
    expect(failure.request_id).toBe('apigw-req-1');
    expect(failure.error.message).toBe('duplicate key for [REDACTED]');
    expect(failure.error.stack).toContain('http.test.ts');
    expect(output.text()).not.toContain('grace@example.org');
  });

  it('maps an AppError to its status with code, message and field', async () => {
    const handler = httpHandler(
      async () => {
        throw new ValidationError('email must match format "email"', { field: 'email' });
      },
      { logger: log },
    );
    const result = await handler(httpApiEvent(), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '')).toEqual({
      error: { code: 'VALIDATION_ERROR', message: 'email must match format "email"', field: 'email' },
    });
    expect(output.records().find((r) => r.message === 'Request rejected')).toMatchObject({
      error_code: 'VALIDATION_ERROR',
      field: 'email',
      request_id: 'apigw-req-1',
    });
  });

  it('answers an empty body with 400 when the route asks for JSON', async () => {
    const handler = httpHandler(async (request) => ({ status: 200, body: request.json() }), { logger: log });
    const result = await handler(httpApiEvent({ body: undefined }), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
  });

  it('sends a Buffer rawBody as base64 and lets the route set its content-type', async () => {
    const page = httpHandler(async () => ({
      status: 200,
      rawBody: '<!doctype html><p>Verified</p>',
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    }));
    const html = (await page(httpApiEvent({}, 'GET'), lambdaContext())) as APIGatewayProxyStructuredResultV2;
    expect(html.body).toBe('<!doctype html><p>Verified</p>');
    expect(html.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });

    const file = httpHandler(async () => ({ status: 200, rawBody: Buffer.from([0, 1, 2, 255]) }));
    const binary = (await file(albEvent(), lambdaContext())) as ALBResult;
    expect(binary).toMatchObject({ isBase64Encoded: true, body: 'AAEC/w==' });
    expect(binary.headers).toMatchObject({ 'content-type': 'application/octet-stream' });
  });

  it('rejects an event that is neither HTTP API 2.0 nor ALB', async () => {
    const handler = httpHandler(echo, { logger: log });
    const restApiV1 = { httpMethod: 'GET', path: '/', requestContext: { requestId: 'x' }, body: null };
    await expect(handler(restApiV1 as unknown as ALBEvent, lambdaContext())).rejects.toBeInstanceOf(
      UnsupportedEventError,
    );
  });

  it('forgets the previous invocation sensitive values', async () => {
    const handler = httpHandler(
      async (request) => {
        const { value, register } = request.json<{ value: string; register: boolean }>();
        if (register) registerSensitiveValues(value);
        log.info(`saw ${value}`);
        return { status: 204 };
      },
      { logger: log },
    );
    await handler(
      httpApiEvent({ body: '{"value":"first-invocation-secret","register":true}' }),
      lambdaContext(),
    );
    await handler(
      httpApiEvent({ body: '{"value":"first-invocation-secret","register":false}' }),
      lambdaContext(),
    );
    const seen = output
      .records()
      .map((r) => r.message)
      .filter((m) => String(m).startsWith('saw'));
    expect(seen).toEqual(['saw [REDACTED]', 'saw first-invocation-secret']);
  });
});
