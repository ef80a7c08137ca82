import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createLogger,
  httpHandler,
  requireScopes,
  type HttpApiEvent,
  type HttpRequest,
} from '../../src/index.js';
import { captureOutput, lambdaContext, type CapturedOutput } from '../support/output.js';

// The event API Gateway (HTTP API, payload 2.0) passes to a route with a JWT authorizer: claims as strings.
function eventWithAuthorizer(authorizer: unknown): HttpApiEvent {
  return {
    version: '2.0',
    routeKey: 'GET /licenses/{id}',
    rawPath: '/licenses/RN-1',
    rawQueryString: '',
    headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1',
      domainName: 'api.example.gov',
      domainPrefix: 'api',
      http: {
        method: 'GET',
        path: '/licenses/RN-1',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'vitest',
      },
      requestId: 'apigw-req-1',
      routeKey: 'GET /licenses/{id}',
      stage: '$default',
      time: '02/Dec/2026:02:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
      authorizer,
    },
    isBase64Encoded: false,
  };
}

const jwtAuthorizer = (scopes: string[] | null, claims: Record<string, string> = {}) => ({
  jwt: {
    claims: {
      iss: 'https://issuer.test.example',
      aud: 'licensing-api',
      sub: 'board-md',
      exp: '1795000300',
      iat: '1795000000',
      ...claims,
    },
    scopes,
  },
});

describe('HttpRequest.auth from API Gateway JWT authorizer', () => {
  let output: CapturedOutput;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  const run = async (authorizer: unknown, ...scopes: string[]) => {
    let seen: HttpRequest['auth'];
    const handler = httpHandler(
      async (request) => {
        seen = request.auth;
        requireScopes(request, ...scopes);
        return { status: 204 };
      },
      { logger: createLogger({ serviceName: 'authorizer-test' }) },
    );
    const result = (await handler(
      eventWithAuthorizer(authorizer),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    return {
      status: result.statusCode,
      body: result.body === '' ? undefined : JSON.parse(result.body ?? ''),
      seen,
    };
  };

  it('carries the claims and scopes of the authorizer, typed', async () => {
    const { status, seen } = await run(jwtAuthorizer(['licenses:read', 'licenses:write']), 'licenses:read');
    expect(status).toBe(204);
    expect(seen).toEqual({
      subject: 'board-md',
      scopes: ['licenses:read', 'licenses:write'],
      claims: expect.objectContaining({ iss: 'https://issuer.test.example', exp: '1795000300' }),
      source: 'apigateway-jwt-authorizer',
    });
  });

  it('reads the scope claim when API Gateway passes scopes as null', async () => {
    const { status, seen } = await run(
      jwtAuthorizer(null, { scope: 'licenses:read licenses:bulk' }),
      'licenses:bulk',
    );
    expect(status).toBe(204);
    expect(seen?.scopes).toEqual(['licenses:read', 'licenses:bulk']);
  });

  it('reads an scp list claim in the [a b] form API Gateway gives list claims', async () => {
    const { seen } = await run(jwtAuthorizer(null, { scp: '[licenses:read licenses:bulk]' }));
    expect(seen?.scopes).toEqual(['licenses:read', 'licenses:bulk']);
  });

  it('answers 403 INSUFFICIENT_SCOPE for a missing scope', async () => {
    const { status, body } = await run(jwtAuthorizer(['licenses:read']), 'licenses:write');
    expect(status).toBe(403);
    expect(body).toEqual({
      error: { code: 'INSUFFICIENT_SCOPE', message: 'Token lacks the scope licenses:write' },
    });
  });

  it('answers 401 MISSING_TOKEN on a route without a JWT authorizer (a Lambda authorizer context is not a token)', async () => {
    for (const authorizer of [undefined, { lambda: { user: 'x' } }, { jwt: { scopes: ['a'] } }]) {
      const { status, body, seen } = await run(authorizer, 'licenses:read');
      expect(seen).toBeUndefined();
      expect(status).toBe(401);
      expect(body).toEqual({ error: { code: 'MISSING_TOKEN', message: 'A bearer token is required' } });
    }
  });

  it('does not verify the Authorization header itself when no tokenVerifier is given', async () => {
    // The header holds a forged token; without an authorizer or a verifier the request has no identity.
    const { status } = await run(undefined);
    expect(status).toBe(401);
  });
});
