import { createRemoteJWKSet, customFetch, jwtVerify, type JWTPayload, type RemoteJWKSet } from 'jose';
import { ConfigError, InsufficientScopeError, InvalidTokenError, JwksUnavailableError } from './errors.js';
import { httpRequest, type HttpClient } from './outbound.js';

/** The asymmetric algorithms a token may be signed with; symmetric ones (HS256) are never accepted. */
export type JwtAlgorithm = 'RS256' | 'ES256';
const SUPPORTED_ALGORITHMS: readonly JwtAlgorithm[] = ['RS256', 'ES256'];

/** The verified identity of a request: from API Gateway's JWT authorizer, or from a token verified here. */
export interface AuthClaims {
  /** The `sub` claim. */
  readonly subject: string | undefined;
  /** From `scope` (space-separated) or `scp`, as API Gateway reads them. */
  readonly scopes: readonly string[];
  /**
   * Every claim. API Gateway passes each as a string (`"exp": "1795000000"`); a token verified here keeps its JSON
   * values.
   */
  readonly claims: Readonly<Record<string, unknown>>;
  readonly source: 'apigateway-jwt-authorizer' | 'verified-token';
}

export interface JwtVerifierOptions {
  /** The exact `iss` expected. */
  readonly issuer: string;
  /** `aud` must contain one of these. */
  readonly audience: string | readonly string[];
  /** The issuer's JWKS; https, or http on a loopback host (the local cloud's issuer). */
  readonly jwksUrl: string | URL;
  /** Default `['RS256']`. */
  readonly algorithms?: readonly JwtAlgorithm[];
  /** Leeway for `exp` and `nbf` between the issuer's clock and ours. Default 5 s. */
  readonly clockToleranceSeconds?: number;
  /** Keys are fetched again after this long. Default 10 minutes. */
  readonly jwksMaxAgeMs?: number;
  /** An unknown `kid` fetches the JWKS again (a rotated key), at most once per this many ms. Default 30 s. */
  readonly jwksCooldownMs?: number;
  /** Default 5 s. */
  readonly jwksTimeoutMs?: number;
  /** Default `httpRequest`: honours HTTPS_PROXY, never follows redirects, caps the size. */
  readonly httpClient?: HttpClient;
}

export interface JwtVerifier {
  /** Verifies a compact JWS (without `Bearer `); throws `InvalidTokenError` or `JwksUnavailableError`. */
  verify(token: string): Promise<AuthClaims>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_JWKS_BYTES = 64 * 1024;

function checkedOptions(options: JwtVerifierOptions) {
  const url = new URL(options.jwksUrl);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new ConfigError('jwksUrl', 'must be https (http only on a loopback host)');
  }
  if (options.issuer === '') throw new ConfigError('issuer', 'is required');
  const audience = typeof options.audience === 'string' ? [options.audience] : [...options.audience];
  if (audience.length === 0 || audience.includes('')) throw new ConfigError('audience', 'is required');
  const algorithms = [...(options.algorithms ?? ['RS256'])];
  if (algorithms.length === 0 || algorithms.some((a) => !SUPPORTED_ALGORITHMS.includes(a))) {
    throw new ConfigError('algorithms', `must be some of ${SUPPORTED_ALGORITHMS.join(', ')}`);
  }
  return { url, audience, algorithms };
}

/** jose's fetch, routed through the platform's outbound client (proxy, no redirects, size cap). */
function fetchThrough(client: HttpClient) {
  return async (url: string, init: { headers: Headers; signal: AbortSignal }): Promise<Response> => {
    // forEach, not entries(): projects that type-check this file with the DOM lib lack DOM.Iterable.
    const headers: Record<string, string> = {};
    init.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const response = await client({
      url,
      headers,
      signal: init.signal,
      maxResponseBytes: MAX_JWKS_BYTES,
    });
    return new Response(new Uint8Array(response.body), { status: response.status });
  };
}

/** `scope` ("a b") or `scp` (a string or a list), the claims OAuth 2.0 servers use. */
export function scopesOf(claims: Readonly<Record<string, unknown>>): string[] {
  const scopes = new Set<string>();
  for (const value of [claims['scope'], claims['scp']]) {
    const list = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
    for (const scope of list) if (typeof scope === 'string' && scope !== '') scopes.add(scope);
  }
  return [...scopes];
}

/**
 * Whom the token is for: `aud`, or without one `client_id`, as API Gateway's JWT authorizer reads them (Cognito's
 * client-credentials access tokens carry no `aud`, only the app client's id).
 */
function audiencesOf(payload: JWTPayload): string[] {
  if (payload.aud !== undefined) return typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
  const clientId = payload['client_id'];
  return typeof clientId === 'string' ? [clientId] : [];
}

function rejectionOf(error: unknown): InvalidTokenError | JwksUnavailableError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const claim = (error as { claim?: unknown } | undefined)?.claim;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return new InvalidTokenError('expired', 'Token has expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'nbf') return new InvalidTokenError('not-yet-valid', 'Token is not valid yet');
      if (claim === 'iat') return new InvalidTokenError('not-yet-valid', 'Token is issued in the future');
      if (claim === 'iss') return new InvalidTokenError('issuer', 'Token has the wrong issuer');
      if (claim === 'aud') return new InvalidTokenError('audience', 'Token has the wrong audience');
      return new InvalidTokenError('claims', 'Token lacks a required claim or has an invalid one');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new InvalidTokenError('algorithm', 'Token is signed with an algorithm that is not accepted');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new InvalidTokenError('unknown-key', 'Token is signed with an unknown key');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new InvalidTokenError('signature', 'Token signature does not verify');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return new InvalidTokenError('malformed', 'Token is not a well-formed signed JWT');
    default:
      // A JWKS that could not be fetched, was not 200, or is not a key set: the issuer's side, not the token.
      return new JwksUnavailableError('The issuer keys could not be read', { cause: error });
  }
}

/**
 * A verifier for access tokens of one issuer, built on `jose`: the JWKS is fetched on first use, cached, and fetched
 * again for an unknown `kid` (key rotation); only the configured asymmetric algorithms are accepted (never `none`
 * nor HS256); `iss`, `aud` (or without it `client_id`) and `exp` are required and checked, `nbf` when present, with a small clock tolerance.
 * Options may be a function, read on first use (so a handler can pass `lazyConfig` values at module scope).
 */
export function createJwtVerifier(options: JwtVerifierOptions | (() => JwtVerifierOptions)): JwtVerifier {
  let state:
    | {
        keys: RemoteJWKSet;
        issuer: string;
        audience: string[];
        algorithms: JwtAlgorithm[];
        clockTolerance: number;
      }
    | undefined;
  const ready = () => {
    if (state === undefined) {
      const resolved = typeof options === 'function' ? options() : options;
      const { url, audience, algorithms } = checkedOptions(resolved);
      state = {
        keys: createRemoteJWKSet(url, {
          cacheMaxAge: resolved.jwksMaxAgeMs ?? 600_000,
          cooldownDuration: resolved.jwksCooldownMs ?? 30_000,
          timeoutDuration: resolved.jwksTimeoutMs ?? 5_000,
          [customFetch]: fetchThrough(resolved.httpClient ?? httpRequest),
        }),
        issuer: resolved.issuer,
        audience,
        algorithms,
        clockTolerance: resolved.clockToleranceSeconds ?? 5,
      };
    }
    return state;
  };

  return {
    async verify(token) {
      const { keys, issuer, audience, algorithms, clockTolerance } = ready();
      if (token === '') throw new InvalidTokenError('missing', 'A bearer token is required');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer,
          algorithms,
          clockTolerance,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        throw rejectionOf(error);
      }
      if (!audiencesOf(payload).some((value) => audience.includes(value))) {
        throw new InvalidTokenError('audience', 'Token has the wrong audience');
      }
      return {
        subject: payload.sub,
        scopes: scopesOf(payload),
        claims: payload,
        source: 'verified-token',
      };
    },
  };
}

/**
 * The request's verified identity, if it holds every scope given: throws `InvalidTokenError` (401) when the request
 * carries no verified token, `InsufficientScopeError` (403) when a scope is missing.
 */
export function requireScopes(
  request: { readonly auth: AuthClaims | undefined },
  ...scopes: string[]
): AuthClaims {
  const auth = request.auth;
  if (auth === undefined) throw new InvalidTokenError('missing', 'A bearer token is required');
  const missing = scopes.filter((scope) => !auth.scopes.includes(scope));
  if (missing.length > 0) throw new InsufficientScopeError(missing);
  return auth;
}

/**
 * The verified identity when it holds at least one of `scopes` (API Gateway's rule for a route's scopes): 401
 * without a token, 403 naming the scopes it could have had otherwise. For scopes that depend on the path (a
 * jurisdiction's write scope), which a route's static list cannot name.
 */
export function requireAnyScope(
  request: { readonly auth: AuthClaims | undefined },
  ...scopes: string[]
): AuthClaims {
  const auth = request.auth;
  if (auth === undefined) throw new InvalidTokenError('missing', 'A bearer token is required');
  if (!scopes.some((scope) => auth.scopes.includes(scope))) throw new InsufficientScopeError(scopes, 'any');
  return auth;
}

/** The token of an `Authorization: Bearer …` header; undefined without the header. */
export function bearerToken(headers: Readonly<Record<string, string>>): string | undefined {
  const header = headers['authorization'];
  if (header === undefined) return undefined;
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(header);
  if (match?.[1] === undefined)
    throw new InvalidTokenError('malformed', 'Authorization must be "Bearer <token>"');
  return match[1];
}
