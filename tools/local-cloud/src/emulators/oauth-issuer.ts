import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { constantTimeEqual } from '@backend/crypto';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthClientDeclaration } from '@backend/contracts';
import { PayloadTooLargeError, readBody } from '../edge/body.js';

/**
 * A development OAuth 2.0 issuer, as Cognito's token endpoint serves machine clients: the client-credentials
 * grant (RFC 6749 §4.4) with the client authenticated by HTTP Basic or form fields, RS256 access tokens,
 * OpenID discovery and a JWKS, so that the HTTP API's JWT authorizer checks tokens as API Gateway does.
 * Tokens carry `client_id`, `scope` and, when the request names one (`audience` or RFC 8707's `resource`), `aud`.
 */

const TOKEN_LIFETIME_SECONDS = 3600;

/** Where the local cloud keeps a declared client's secret (Secrets Manager), as an operator hands it out. */
export const oauthClientSecretName = (clientId: string) => `local-cloud/oauth-clients/${clientId}`;
const MAX_FORM = 16 * 1024;

export interface OAuthClient extends OAuthClientDeclaration {
  readonly secret: string;
}

export interface OAuthIssuer {
  /** The issuer (`iss`), also the base URL of its endpoints. */
  readonly url: string;
  readonly tokenEndpoint: string;
  close(): Promise<void>;
}

interface OAuthError {
  readonly status: number;
  readonly error: string;
  readonly description: string;
}

/** The client's id and secret from `Authorization: Basic` or the form, never both (RFC 6749 §2.3.1). */
function credentialsOf(
  req: IncomingMessage,
  form: URLSearchParams,
): { id: string; secret: string } | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (match === null || form.has('client_secret')) return undefined;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return {
      id: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id === null || secret === null ? undefined : { id, secret };
}

export async function startOAuthIssuer(clients: readonly OAuthClient[], port = 0): Promise<OAuthIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const byId = new Map(clients.map((client) => [client.clientId, client]));
  let issuer = '';

  async function issueToken(req: IncomingMessage): Promise<Record<string, unknown> | OAuthError> {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (contentType !== 'application/x-www-form-urlencoded') {
      return { status: 400, error: 'invalid_request', description: 'Use application/x-www-form-urlencoded' };
    }
    const form = new URLSearchParams((await readBody(req, MAX_FORM)).toString('utf8'));
    const credentials = credentialsOf(req, form);
    const client = credentials === undefined ? undefined : byId.get(credentials.id);
    if (
      credentials === undefined ||
      client === undefined ||
      !constantTimeEqual(credentials.secret, client.secret)
    ) {
      return { status: 401, error: 'invalid_client', description: 'Client authentication failed' };
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        error: 'unsupported_grant_type',
        description: 'Only client_credentials is served',
      };
    }
    const asked = (form.get('scope') ?? '').split(' ').filter((s) => s.length > 0);
    const scopes = asked.length === 0 ? [...client.scopes] : asked;
    const refused = scopes.filter((scope) => !client.scopes.includes(scope));
    if (refused.length > 0) {
      return {
        status: 400,
        error: 'invalid_scope',
        description: `Not allowed for this client: ${refused.join(' ')}`,
      };
    }
    const audience = form.get('audience') ?? form.get('resource') ?? undefined;
    const jwt = new SignJWT({ client_id: client.clientId, scope: scopes.join(' '), token_use: 'access' })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setSubject(client.clientId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
      .setJti(randomUUID());
    if (audience !== undefined) jwt.setAudience(audience);
    const token = await jwt.sign(privateKey);
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      scope: scopes.join(' '),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'content-length': Buffer.byteLength(text),
        ...(status === 401 ? { 'www-authenticate': 'Basic realm="oauth"' } : {}),
      });
      res.end(text);
    };
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      send(200, {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        token_endpoint: `${issuer}/oauth2/token`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (req.method === 'GET' && path === '/.well-known/jwks.json') {
      send(200, { keys: [jwk] });
    } else if (path === '/oauth2/token') {
      if (req.method !== 'POST') {
        send(405, { error: 'invalid_request', error_description: 'POST the token request' });
        return;
      }
      const result = await issueToken(req);
      if ('error' in result && typeof result.status === 'number') {
        const { status, error, description } = result as OAuthError;
        send(status, { error, error_description: description });
      } else send(200, result);
    } else send(404, { error: 'not_found' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const tooLarge = error instanceof PayloadTooLargeError;
      if (!res.headersSent) {
        res
          .writeHead(tooLarge ? 413 : 500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: tooLarge ? 'invalid_request' : 'server_error' }));
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: issuer,
    tokenEndpoint: `${issuer}/oauth2/token`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
