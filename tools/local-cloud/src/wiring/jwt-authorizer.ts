import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/**
 * API Gateway's JWT authorizer for HTTP APIs, as AWS documents it: the token from the `Authorization` header
 * (with or without `Bearer `), signed with RS256 by a key of the issuer's JWKS (found through its OpenID
 * discovery document), `iss` equal to the issuer, `aud` (or, without one, `client_id`) one of the audiences,
 * `exp`, `nbf` and `iat` valid, and, when the route names scopes, one of them in `scope` or `scp`. A request that
 * fails gets 401 (403 for a missing scope) before the function runs; a passing one carries the claims in
 * `requestContext.authorizer.jwt`.
 */

export interface JwtAuthorizerConfig {
  readonly issuer: string;
  readonly audience: readonly string[];
}

export type AuthorizerResult =
  | { readonly ok: true; readonly jwt: { claims: Record<string, string>; scopes: string[] | null } }
  | { readonly ok: false; readonly status: 401 | 403 };

/** Payload 2.0 gives claims as strings: arrays as `[a b]`, objects as JSON. */
function flatten(claims: JWTPayload): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    flat[name] = Array.isArray(value)
      ? `[${value.join(' ')}]`
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value);
  }
  return flat;
}

function scopesOf(claims: JWTPayload): string[] {
  const raw = claims.scope ?? claims.scp;
  if (Array.isArray(raw)) return raw.map(String);
  return typeof raw === 'string' ? raw.split(' ').filter((s) => s.length > 0) : [];
}

export function createJwtAuthorizer(config: JwtAuthorizerConfig) {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  // Discovery is read once the first token arrives: the local issuer may start after the routes are declared.
  async function jwks(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (keys !== undefined) return keys;
    const response = await fetch(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`OpenID discovery of ${config.issuer} answered ${response.status}`);
    const { jwks_uri: uri } = (await response.json()) as { jwks_uri?: string };
    if (typeof uri !== 'string') throw new Error(`OpenID discovery of ${config.issuer} has no jwks_uri`);
    keys = createRemoteJWKSet(new URL(uri));
    return keys;
  }

  return async function authorize(
    authorization: string | undefined,
    routeScopes: readonly string[],
  ): Promise<AuthorizerResult> {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (token === undefined || token === '') return { ok: false, status: 401 };
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, await jwks(), {
        issuer: config.issuer,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      // A bad token is the caller's 401; the issuer being unreachable is the authorizer's failure, also a 401 in
      // API Gateway, but worth knowing about locally.
      if (error instanceof errors.JOSEError) return { ok: false, status: 401 };
      throw error;
    }
    const audiences = claims.aud === undefined ? [claims.client_id] : [claims.aud].flat();
    if (!audiences.some((aud) => typeof aud === 'string' && config.audience.includes(aud))) {
      return { ok: false, status: 401 };
    }
    const scopes = scopesOf(claims);
    if (routeScopes.length > 0 && !routeScopes.some((scope) => scopes.includes(scope))) {
      return { ok: false, status: 403 };
    }
    return { ok: true, jwt: { claims: flatten(claims), scopes: scopes.length > 0 ? scopes : null } };
  };
}
