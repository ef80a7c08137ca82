import type { ALBEvent, ALBResult } from 'aws-lambda';
import {
  SignJWT,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  InsufficientScopeError,
  InvalidTokenError,
  JwksUnavailableError,
  createJwtVerifier,
  createLogger,
  httpHandler,
  requireScopes,
  type JwtVerifierOptions,
  type TokenRejectionReason,
} from '../../src/index.js';
import { captureOutput, lambdaContext, type CapturedOutput } from '../support/output.js';

// Real tokens signed with keys made here, verified against a JWKS served on 127.0.0.1, as an issuer serves it.
const ISSUER = 'https://issuer.test.example';
const AUDIENCE = 'licensing-api';

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
}

async function signingKey(kid: string, alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

let rsa: SigningKey;
let ec: SigningKey;
let impostor: SigningKey; // same kid as `rsa`, another private key
let rotated: SigningKey;
let served: JWK[];
let jwksStatus = 200;
let fetches = 0;
let server: Server;
let jwksUrl: string;

const now = () => Math.floor(Date.now() / 1000);

function sign(
  key: SigningKey,
  claims: JWTPayload = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ sub: 'client-42', scope: 'licenses:read licenses:write', ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : now() + 300)
    .sign(key.privateKey);
}

/** A token as Cognito's client-credentials grant issues it: no `aud`, the app client in `client_id`. */
function signWithoutAudience(key: SigningKey, claims: JWTPayload): Promise<string> {
  return new SignJWT({ sub: 'client-42', scope: 'licenses:read', token_use: 'access', ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(now() + 300)
    .sign(key.privateKey);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  [rsa, ec, rotated] = await Promise.all([
    signingKey('rsa-1', 'RS256'),
    signingKey('ec-1', 'ES256'),
    signingKey('rsa-2', 'RS256'),
  ]);
  impostor = { ...(await signingKey('rsa-1', 'RS256')), kid: 'rsa-1' };
  server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    fetches += 1;
    res.writeHead(jwksStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  served = [rsa.publicJwk, ec.publicJwk];
  jwksStatus = 200;
  fetches = 0;
});

const verifier = (options: Partial<JwtVerifierOptions> = {}) =>
  createJwtVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwksUrl,
    algorithms: ['RS256', 'ES256'],
    ...options,
  });

async function rejection(promise: Promise<unknown>): Promise<InvalidTokenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return error as InvalidTokenError;
}

describe('createJwtVerifier', () => {
  it('accepts an RS256 and an ES256 token of the issuer and gives their subject, scopes and claims', async () => {
    const jwt = verifier();
    const fromRsa = await jwt.verify(await sign(rsa, { client_id: 'board-md' }));
    expect(fromRsa).toMatchObject({
      subject: 'client-42',
      scopes: ['licenses:read', 'licenses:write'],
      source: 'verified-token',
      claims: { iss: ISSUER, aud: AUDIENCE, client_id: 'board-md' },
    });
    const fromEc = await jwt.verify(await sign(ec, { scope: undefined, scp: ['licenses:read'] }));
    expect(fromEc.scopes).toEqual(['licenses:read']);
  });

  it('fetches the JWKS once for many tokens', async () => {
    const jwt = verifier();
    const tokens = await Promise.all([sign(rsa), sign(ec), sign(rsa, { sub: 'other' })]);
    for (const token of [...tokens, ...tokens]) await jwt.verify(token);
    expect(fetches).toBe(1);
  });

  it('fetches the JWKS again for an unknown kid (a rotated key) and then accepts it', async () => {
    const jwt = verifier({ jwksCooldownMs: 0 });
    await jwt.verify(await sign(rsa));
    expect(fetches).toBe(1);
    served = [rotated.publicJwk, rsa.publicJwk];
    await expect(jwt.verify(await sign(rotated))).resolves.toMatchObject({ subject: 'client-42' });
    expect(fetches).toBe(2);
    await jwt.verify(await sign(rotated));
    expect(fetches).toBe(2);
  });

  it('refuses a kid that stays unknown, and fetches at most once per cooldown', async () => {
    const jwt = verifier({ jwksCooldownMs: 60_000 });
    await jwt.verify(await sign(rsa));
    const unknown = await sign(rotated);
    expect((await rejection(jwt.verify(unknown))).reason).toBe('unknown-key');
    expect((await rejection(jwt.verify(unknown))).reason).toBe('unknown-key');
    expect(fetches).toBe(1);
  });

  const cases: [string, () => Promise<string>, TokenRejectionReason][] = [
    [
      'alg none',
      async () =>
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: now() + 300 })}.`,
      'algorithm',
    ],
    ['a signature by another key under the same kid', () => sign(impostor), 'signature'],
    ['another issuer', () => sign(rsa, { iss: 'https://evil.example' }), 'issuer'],
    ['another audience', () => sign(rsa, { aud: 'messages-api' }), 'audience'],
    ['neither aud nor client_id', () => signWithoutAudience(rsa, {}), 'audience'],
    [
      'no aud and another client_id',
      () => signWithoutAudience(rsa, { client_id: 'messages-api' }),
      'audience',
    ],
    [
      'another aud, whatever client_id says',
      () => sign(rsa, { aud: 'messages-api', client_id: AUDIENCE }),
      'audience',
    ],
    ['an expired token', () => sign(rsa, { exp: now() - 60 }), 'expired'],
    ['a token not valid yet', () => sign(rsa, { nbf: now() + 120 }), 'not-yet-valid'],
    [
      'HS256 with the public key as the HMAC secret',
      () =>
        new SignJWT({ sub: 'x', scope: 'licenses:write' })
          .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(now() + 300)
          .sign(new TextEncoder().encode(rsa.publicPem)),
      'algorithm',
    ],
    [
      'a token without exp',
      async () => {
        const payload = { iss: ISSUER, aud: AUDIENCE, sub: 'x' };
        return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: rsa.kid }).sign(rsa.privateKey);
      },
      'claims',
    ],
    ['a string that is no JWT', async () => 'not-a-jwt', 'malformed'],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await sign(rsa)).split('.');
        return `${header}.${base64url({ iss: ISSUER, aud: AUDIENCE, sub: 'admin', exp: now() + 300 })}.${signature}`;
      },
      'signature',
    ],
  ];
  it.each(cases)('refuses %s with InvalidTokenError', async (_name, token, reason) => {
    const error = await rejection(verifier().verify(await token()));
    expect(error.reason).toBe(reason);
    expect(error.name).toBe('InvalidTokenError');
    expect(error.status).toBe(401);
    expect(error.cause).toBeUndefined();
  });

  it('refuses ES256 when only RS256 is allowed', async () => {
    const error = await rejection(verifier({ algorithms: ['RS256'] }).verify(await sign(ec)));
    expect(error.reason).toBe('algorithm');
  });

  it('takes client_id as the audience of a token without aud, as API Gateway does (Cognito access tokens)', async () => {
    const auth = await verifier().verify(await signWithoutAudience(rsa, { client_id: AUDIENCE }));
    expect(auth.subject).toBe('client-42');
    expect(auth.claims['client_id']).toBe(AUDIENCE);
  });

  it('accepts exp and nbf within the clock tolerance', async () => {
    const jwt = verifier({ clockToleranceSeconds: 30 });
    await expect(jwt.verify(await sign(rsa, { exp: now() - 10, nbf: now() + 10 }))).resolves.toBeDefined();
  });

  it('answers JwksUnavailableError (503) when the issuer does not serve its keys', async () => {
    jwksStatus = 500;
    const error = await verifier()
      .verify(await sign(rsa))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect((error as JwksUnavailableError).status).toBe(503);
  });

  it('refuses a configuration with HS256 or a plain-http JWKS on another host', async () => {
    const token = await sign(rsa);
    await expect(verifier({ algorithms: ['HS256' as 'RS256'] }).verify(token)).rejects.toMatchObject({
      name: 'ConfigError',
      variable: 'algorithms',
    });
    await expect(
      verifier({ jwksUrl: 'http://issuer.example/jwks.json' }).verify(token),
    ).rejects.toMatchObject({ name: 'ConfigError', variable: 'jwksUrl' });
  });
});

describe('httpHandler with tokenVerifier (behind an ALB) and requireScopes', () => {
  let output: CapturedOutput;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  const albEvent = (authorization?: string): ALBEvent => ({
    requestContext: {
      elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1' },
    },
    httpMethod: 'GET',
    path: '/licenses/RN-1',
    headers: authorization === undefined ? {} : { Authorization: authorization },
    body: '',
    isBase64Encoded: false,
  });

  const handler = () => {
    let ran = 0;
    const wrapped = httpHandler(
      async (request) => {
        ran += 1;
        const auth = requireScopes(request, 'licenses:write');
        return { status: 200, body: { subject: auth.subject, source: auth.source } };
      },
      { tokenVerifier: verifier(), logger: createLogger({ serviceName: 'jwt-test' }) },
    );
    return { wrapped, ran: () => ran };
  };

  const answer = (result: unknown) => {
    const { statusCode, body } = result as ALBResult;
    return { status: statusCode, body: JSON.parse(body ?? '') as unknown };
  };

  it('runs the route with the verified claims', async () => {
    const { wrapped } = handler();
    const result = answer(await wrapped(albEvent(`Bearer ${await sign(rsa)}`), lambdaContext()));
    expect(result).toEqual({ status: 200, body: { subject: 'client-42', source: 'verified-token' } });
  });

  it('answers 401 without a token, through the error envelope', async () => {
    const { wrapped } = handler();
    expect(answer(await wrapped(albEvent(), lambdaContext()))).toEqual({
      status: 401,
      body: { error: { code: 'MISSING_TOKEN', message: 'A bearer token is required' } },
    });
  });

  it('answers 401 to an invalid token before the route runs, and logs no token', async () => {
    const { wrapped, ran } = handler();
    const expired = await sign(rsa, { exp: now() - 600 });
    expect(answer(await wrapped(albEvent(`Bearer ${expired}`), lambdaContext()))).toEqual({
      status: 401,
      body: { error: { code: 'INVALID_TOKEN', message: 'Token has expired' } },
    });
    expect(answer(await wrapped(albEvent('Basic dXNlcjpwYXNz'), lambdaContext())).status).toBe(401);
    expect(ran()).toBe(0);
    expect(output.text()).toContain('INVALID_TOKEN');
    expect(output.text()).not.toContain(expired.split('.')[1]);
  });

  it('answers 403 when a scope is missing', async () => {
    const { wrapped } = handler();
    const readOnly = await sign(rsa, { scope: 'licenses:read' });
    expect(answer(await wrapped(albEvent(`Bearer ${readOnly}`), lambdaContext()))).toEqual({
      status: 403,
      body: { error: { code: 'INSUFFICIENT_SCOPE', message: 'Token lacks the scope licenses:write' } },
    });
  });

  it('requireScopes throws InsufficientScopeError naming every missing scope', () => {
    const auth = { subject: 's', scopes: ['a'], claims: {}, source: 'verified-token' as const };
    expect(() => requireScopes({ auth }, 'a', 'b', 'c')).toThrow(InsufficientScopeError);
    expect(() => requireScopes({ auth }, 'a', 'b', 'c')).toThrow('Token lacks the scope b, c');
    expect(requireScopes({ auth }, 'a')).toBe(auth);
  });
});
