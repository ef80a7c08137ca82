import {
  MAX_BULK_PROVIDER_IDS,
  PROVIDER_ID_PATTERN,
  isCompact,
  validateBulkProvidersRequest,
  validateProviderQuery,
  type Compact,
} from '@backend/contracts';
import { BatchIncompleteError, type Item } from '@backend/persistence';
import {
  InsufficientScopeError,
  InvalidTokenError,
  JwksUnavailableError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
  asServiceUnavailable,
  bearerToken,
  logger,
  requireAnyScope,
  validatorFrom,
  type AuthClaims,
  type HttpRequest,
  type HttpResponse,
  type JwtVerifier,
} from '@backend/platform';
import type { LicensingKeys } from './keys.js';
import type { ProviderReads } from './provider-reads.js';
import { licenseView, providerView } from './view.js';

// The licensing read API (issue 13): machine clients read a compact's providers one at a time, by query, or up to
// 100 by id. Served behind an ALB in AWS and by the HTTP API locally, through one handler: the function verifies
// the bearer token itself (an ALB cannot check client-credentials tokens), so no API Gateway authorizer is needed.

export interface LicensingReadDependencies {
  readonly reads: ProviderReads;
  readonly keys: LicensingKeys;
  readonly now?: () => Date;
}

export interface LicensingReadApiOptions {
  /** Verifies the bearer token (issuer, audience, expiry, signature against the cached JWKS). */
  readonly verifier: JwtVerifier;
  readonly dependencies: () => Promise<LicensingReadDependencies>;
}

/** Seconds a client should wait before sending a request answered 503 again. */
export const READ_RETRY_AFTER_SECONDS = 1;
const REALM = 'licensing';
const PROVIDER_ID = new RegExp(PROVIDER_ID_PATTERN);
const ROUTE = /^\/v1\/compacts\/([^/]+)\/providers\/([^/]+)\/?$/;

const parseQuery = validatorFrom(validateProviderQuery);
const parseBulk = validatorFrom(validateBulkProvidersRequest);

const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
};

type Target =
  { kind: 'provider'; compact: Compact; providerId: string } | { kind: 'query' | 'bulk'; compact: Compact };

/**
 * The route, from the path itself: an ALB passes no path parameters. An unknown compact is 404 like any path that
 * names nothing.
 */
function targetOf(request: HttpRequest): Target {
  const match = ROUTE.exec(request.path);
  const compact = decoded(match?.[1] ?? '');
  const last = decoded(match?.[2] ?? '');
  if (match === null || !isCompact(compact)) throw new NotFoundError('no such route', { code: 'NOT_FOUND' });
  if (request.method === 'POST' && (last === 'query' || last === 'bulk')) return { kind: last, compact };
  if (request.method === 'GET') return { kind: 'provider', compact, providerId: last };
  throw new NotFoundError('no such route', { code: 'NOT_FOUND' });
}

/** The caller's verified token; `InvalidTokenError` (401) without one or with one that does not verify. */
async function authenticate(request: HttpRequest, verifier: JwtVerifier): Promise<AuthClaims> {
  const token = bearerToken(request.headers);
  if (token === undefined) throw new InvalidTokenError('missing', 'A bearer token is required');
  return verifier.verify(token);
}

/** Who the caller is, for binding page cursors: the token's subject (the client id for client credentials). */
const callerOf = (auth: AuthClaims): string =>
  auth.subject ?? (typeof auth.claims['client_id'] === 'string' ? auth.claims['client_id'] : '');

const todayOf = (deps: LicensingReadDependencies) => (deps.now?.() ?? new Date()).toISOString().slice(0, 10);

/** `GET …/providers/{providerId}`: the provider, each license with its history. 404 for an id of nothing. */
async function readProvider(
  compact: Compact,
  providerId: string,
  auth: AuthClaims,
  deps: LicensingReadDependencies,
): Promise<HttpResponse> {
  const notFound = new NotFoundError('no such provider in this compact', { code: 'PROVIDER_NOT_FOUND' });
  if (!PROVIDER_ID.test(providerId)) throw notFound;
  const items = await deps.reads.provider(compact, providerId);
  if (items === undefined) throw notFound;
  const today = todayOf(deps);
  const licenses = items.licenses.map((license) => {
    const historyPrefix = `${String(license['sk'])}#UPDATE#`;
    return {
      ...licenseView(license, today),
      history: items.history
        .filter((entry) => String(entry['sk']).startsWith(historyPrefix))
        .map((entry) => licenseView(entry, today)),
    };
  });
  return { status: 200, body: { ...providerView(items.provider, deps.keys, auth.scopes), licenses } };
}

/** An ISO 8601 instant as the index stores it (UTC, milliseconds), or 400 for one that names no instant. */
function instantOf(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new ValidationError(`${field} must be a date-time`, { field });
  return time.toISOString();
}

/** `POST …/providers/query`: a page of providers by name or by jurisdiction and date of update. */
async function queryProviders(
  request: HttpRequest,
  compact: Compact,
  auth: AuthClaims,
  deps: LicensingReadDependencies,
): Promise<HttpResponse> {
  const query = parseQuery(request.json());
  const updatedAfter = instantOf(query.updatedAfter, 'updatedAfter');
  const updatedBefore = instantOf(query.updatedBefore, 'updatedBefore');
  const page = await deps.reads.match(
    compact,
    {
      ...query,
      ...(updatedAfter === undefined ? {} : { updatedAfter }),
      ...(updatedBefore === undefined ? {} : { updatedBefore }),
    },
    callerOf(auth),
  );
  // One entry per provider of the page, in index order, with its matching licenses. A query shows the SSN's last
  // four digits only: the full SSN is read by id.
  const today = todayOf(deps);
  const providers = new Map<
    string,
    { providerId: unknown; compact: unknown; ssnLastFour: unknown; licenses: Item[] }
  >();
  for (const license of page.licenses) {
    const providerId = String(license['providerId']);
    let entry = providers.get(providerId);
    if (entry === undefined) {
      entry = { providerId, compact, ssnLastFour: license['ssnLastFour'], licenses: [] };
      providers.set(providerId, entry);
    }
    entry.licenses.push(licenseView(license, today));
  }
  return {
    status: 200,
    body: {
      providers: [...providers.values()],
      ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
    },
  };
}

/** `POST …/providers/bulk`: up to 100 providers by id, in one batch read; ids not found listed as such. */
async function bulkProviders(
  request: HttpRequest,
  compact: Compact,
  auth: AuthClaims,
  deps: LicensingReadDependencies,
): Promise<HttpResponse> {
  const body = request.json();
  const ids = (body as { providerIds?: unknown } | null)?.providerIds;
  if (Array.isArray(ids) && ids.length > MAX_BULK_PROVIDER_IDS) {
    throw new ValidationError(`send 1 to ${MAX_BULK_PROVIDER_IDS} providerIds per request`, {
      code: 'TOO_MANY_PROVIDER_IDS',
      field: 'providerIds',
    });
  }
  const asked = [...new Set(parseBulk(body).providerIds)];
  const found = new Map(
    (await deps.reads.providerItems(compact, asked)).map((item) => [String(item['providerId']), item]),
  );
  return {
    status: 200,
    body: {
      providers: asked.flatMap((id) => {
        const item = found.get(id);
        return item === undefined ? [] : [providerView(item, deps.keys, auth.scopes)];
      }),
      notFound: asked.filter((id) => !found.has(id)),
    },
  };
}

const envelope = (status: number, code: string, message: string, headers: Record<string, string>) => ({
  status,
  headers,
  body: { error: { code, message } },
});

/**
 * The answers that carry a header besides the error envelope: 401 and 403 with their RFC 6750 challenge, 503 with
 * Retry-After (storage throttled or failing, a batch read left incomplete, the issuer's keys unreadable). Every
 * other error goes on to the HTTP wrapper.
 */
function answerOf(error: unknown): HttpResponse {
  if (error instanceof InvalidTokenError || error instanceof InsufficientScopeError) {
    // Why, never the token: the reason (`expired`, `signature`, …) or the scope that was missing.
    logger.warn('Request rejected', {
      status: error.status,
      error_code: error.code,
      reason: error instanceof InvalidTokenError ? error.reason : error.message,
    });
  }
  if (error instanceof InvalidTokenError) {
    const challenge =
      error.reason === 'missing'
        ? `Bearer realm="${REALM}"`
        : `Bearer realm="${REALM}", error="invalid_token"`;
    return envelope(401, error.code, error.message, { 'www-authenticate': challenge });
  }
  if (error instanceof InsufficientScopeError) {
    const scope = error.missingScopes.join(' ');
    return envelope(403, error.code, error.message, {
      'www-authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"`,
    });
  }
  const retry = { 'retry-after': String(READ_RETRY_AFTER_SECONDS) };
  if (error instanceof JwksUnavailableError || error instanceof ServiceUnavailableError) {
    return envelope(503, error.code, error.message, retry);
  }
  if (
    error instanceof BatchIncompleteError ||
    asServiceUnavailable(error) instanceof ServiceUnavailableError
  ) {
    logger.warn('Storage unavailable for a read', {
      error_name: error instanceof Error ? error.name : typeof error,
    });
    return envelope(
      503,
      'SERVICE_UNAVAILABLE',
      'providers cannot be read right now; retry the request',
      retry,
    );
  }
  throw error;
}

/**
 * The read API's routes as one route function for `httpHandler`: the token is verified first (401), then the
 * route and compact are told from the path (404), the compact's `readGeneral` scope is required (403, before any
 * read, so it tells nothing about what exists), then the body is checked (400) and the data read.
 */
export function licensingReadRoute(options: LicensingReadApiOptions) {
  return async (request: HttpRequest): Promise<HttpResponse> => {
    try {
      const auth = await authenticate(request, options.verifier);
      const target = targetOf(request);
      requireAnyScope({ auth }, `${target.compact}/readGeneral`);
      const deps = await options.dependencies();
      switch (target.kind) {
        case 'provider':
          return await readProvider(target.compact, target.providerId, auth, deps);
        case 'query':
          return await queryProviders(request, target.compact, auth, deps);
        case 'bulk':
          return await bulkProviders(request, target.compact, auth, deps);
      }
    } catch (error) {
      return answerOf(error);
    }
  };
}
