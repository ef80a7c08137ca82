import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startTestCloud, type TestCloud } from '../support/cloud.js';

// API Gateway's JWT authorizer on HTTP API routes, with tokens from the local OAuth 2.0 issuer.
let cloud: TestCloud;
const secretOf: Record<string, string> = {};

beforeAll(async () => {
  cloud = await startTestCloud([
    {
      service: 'jwt-test',
      oauthClients: [
        { clientId: 'board-client', scopes: ['licenses/read', 'licenses/write'] },
        { clientId: 'reader', scopes: ['licenses/read'] },
      ],
      jwtAuthorizers: { machine: { issuer: { localIssuer: true }, audience: ['licenses-api'] } },
      functions: [
        {
          name: 'jwt-echo',
          entry: fixture('http-echo'),
          routes: [
            { routeKey: 'GET /secure', jwtAuthorizer: 'machine', scopes: ['licenses/read'] },
            { routeKey: 'POST /secure', jwtAuthorizer: 'machine', scopes: ['licenses/write'] },
            { routeKey: 'GET /any-scope', jwtAuthorizer: 'machine' },
          ],
        },
      ],
    },
  ]);
  const secrets = new SecretsManagerClient(cloud.clientConfig);
  for (const client of ['board-client', 'reader']) {
    const { SecretString } = await secrets.send(
      new GetSecretValueCommand({ SecretId: `local-cloud/oauth-clients/${client}` }),
    );
    secretOf[client] = SecretString!;
  }
  secrets.destroy();
});

afterAll(async () => {
  await cloud.stop();
});

/** What `curl -u id:secret -d grant_type=client_credentials ...` sends to the token endpoint. */
async function tokenRequest(clientId: string, form: Record<string, string>, secret = secretOf[clientId]!) {
  return fetch(`${cloud.oauthIssuerUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...form }),
  });
}

async function token(clientId: string, form: Record<string, string> = { audience: 'licenses-api' }) {
  const response = await tokenRequest(clientId, form);
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const call = (method: string, path: string, bearer?: string) =>
  fetch(`${cloud.httpApiUrl}${path}`, {
    method,
    headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
  });

describe('local OAuth 2.0 issuer', () => {
  it('serves discovery, a JWKS and client-credentials tokens with the asked scopes', async () => {
    const discovery = (await (
      await fetch(`${cloud.oauthIssuerUrl}/.well-known/openid-configuration`)
    ).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(discovery.issuer).toBe(cloud.oauthIssuerUrl);
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: { kty: string; alg: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256' })]);
    const response = await tokenRequest('board-client', { scope: 'licenses/read', audience: 'licenses-api' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'licenses/read',
    });
  });

  it('refuses a wrong secret, another grant and a scope the client does not hold, as RFC 6749 says', async () => {
    const wrong = await tokenRequest('board-client', {}, 'not-the-secret');
    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([
      401,
      'invalid_client',
    ]);
    const grant = await tokenRequest('reader', { grant_type: 'password' });
    expect([grant.status, ((await grant.json()) as { error: string }).error]).toEqual([
      400,
      'unsupported_grant_type',
    ]);
    const scope = await tokenRequest('reader', { scope: 'licenses/write' });
    expect([scope.status, ((await scope.json()) as { error: string }).error]).toEqual([400, 'invalid_scope']);
  });
});

describe('JWT authorizer on HTTP API routes', () => {
  it('passes a valid token with a route scope and hands the claims to the function', async () => {
    const response = await call('GET', '/secure', await token('reader'));
    expect(response.status).toBe(200);
    const event = (await response.json()) as {
      requestContext: { authorizer: { jwt: { claims: Record<string, string>; scopes: string[] } } };
    };
    expect(event.requestContext.authorizer.jwt.claims).toMatchObject({
      client_id: 'reader',
      iss: cloud.oauthIssuerUrl,
      aud: 'licenses-api',
      scope: 'licenses/read',
    });
    expect(event.requestContext.authorizer.jwt.scopes).toEqual(['licenses/read']);
  });

  it('answers 401 before the function runs without a token, or with one it cannot trust', async () => {
    const before = cloud.runtime.stats('jwt-echo').invocations;
    const foreignKey = (await generateKeyPair('RS256')).privateKey;
    const forged = await new SignJWT({ client_id: 'reader', scope: 'licenses/read' })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer(cloud.oauthIssuerUrl)
      .setAudience('licenses-api')
      .setExpirationTime('1h')
      .sign(foreignKey);
    const unsigned = new UnsecuredJWT({ client_id: 'reader', scope: 'licenses/read' })
      .setIssuer(cloud.oauthIssuerUrl)
      .setAudience('licenses-api')
      .setExpirationTime('1h')
      .encode();
    const valid = await token('reader');
    const [header, payload, signature] = valid.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, scope: 'licenses/write' })).toString('base64url')}.${signature}`;
    const cases: [string, string | undefined][] = [
      ['no token', undefined],
      ['not a JWT', 'not-a-token'],
      ['another key', forged],
      ['alg none', unsigned],
      ['edited claims', edited],
      ['another audience', await token('reader', { audience: 'other-api' })],
      // Without aud, API Gateway checks client_id against the audiences.
      ['no audience, client_id not an audience', await token('reader', {})],
    ];
    for (const [, bearer] of cases) {
      const response = await call('GET', '/secure', bearer);
      expect([response.status, await response.json()]).toEqual([401, { message: 'Unauthorized' }]);
    }
    expect(cloud.runtime.stats('jwt-echo').invocations).toBe(before);
  });

  it('answers 403 when the token holds none of the route scopes', async () => {
    const response = await call('POST', '/secure', await token('reader'));
    expect([response.status, await response.json()]).toEqual([403, { message: 'Forbidden' }]);
    expect((await call('POST', '/secure', await token('board-client'))).status).toBe(200);
    expect((await call('GET', '/any-scope', await token('reader'))).status).toBe(200);
  });
});
