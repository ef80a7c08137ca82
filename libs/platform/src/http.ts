import { STATUS_CODES } from 'node:http';
import type {
  ALBEvent,
  ALBResult,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import {
  AppError,
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedEventError,
  UnsupportedMediaTypeError,
} from './errors.js';
import { bearerToken, scopesOf, type AuthClaims, type JwtVerifier } from './jwt.js';
import { logger as defaultLogger, withSensitiveValueScope, type Logger } from './logger.js';

/** Default largest decoded request body: API Gateway allows 10 MB, none of our JSON APIs needs it. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** An API Gateway HTTP API (payload 2.0) event, with any authorizer. */
export type HttpApiEvent = APIGatewayProxyEventV2WithRequestContext<
  APIGatewayEventRequestContextV2 & { authorizer?: unknown }
>;
export type HttpEvent = HttpApiEvent | ALBEvent;
export type HttpResult = APIGatewayProxyStructuredResultV2 | ALBResult;

/** The request as a route sees it, whichever of API Gateway or ALB delivered it. */
export interface HttpRequest {
  /** Upper-case: `GET`, `POST`. */
  method: string;
  path: string;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Decoded; repeated parameters joined with `,` (as API Gateway does). */
  query: Record<string, string>;
  pathParameters: Record<string, string>;
  cookies: Record<string, string>;
  /** The body as text, base64-decoded when the event says it is encoded; `undefined` when empty. */
  body: string | undefined;
  /**
   * The body parsed as JSON. Throws `UnsupportedMediaTypeError` when a content-type is present and is
   * not JSON, `MalformedJsonError` when the body is empty or not JSON.
   */
  json<T = unknown>(): T;
  /** API Gateway's request id, or the Lambda request id behind an ALB. */
  requestId: string;
  /** The TCP peer: API Gateway's `sourceIp`, or behind an ALB the right-most `X-Forwarded-For` entry (the ALB's). */
  sourceIp: string;
  /** API Gateway's `requestContext.authorizer` (JWT claims, Lambda authorizer context); none behind an ALB. */
  authorizer: unknown;
  /**
   * The verified identity: the claims and scopes of API Gateway's JWT authorizer, or (with the `tokenVerifier`
   * option, e.g. behind an ALB) of the bearer token the wrapper verified. `undefined` without either; see
   * `requireScopes`.
   */
  auth: AuthClaims | undefined;
  source: 'apigateway' | 'alb';
}

/** What a route returns. `body` is JSON-encoded; `rawBody` is sent as is (a Buffer as base64). */
export interface HttpResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** `Set-Cookie` values. */
  cookies?: string[];
  rawBody?: string | Buffer;
  /** Only with a string `rawBody` that is already base64. */
  isBase64Encoded?: boolean;
}

export type HttpRoute = (request: HttpRequest, context: Context) => Promise<HttpResponse>;

export interface HttpHandlerOptions {
  /** Largest decoded body accepted; larger ones get 413 before the route runs. Default 256 KiB. */
  maxBodyBytes?: number;
  /**
   * The route's name in logs. Default: API Gateway's route key (`POST /users`), or the method behind
   * an ALB, where the raw path may carry a token and is therefore not logged.
   */
  routeName?: string;
  logger?: Logger;
  /**
   * Verifies an `Authorization: Bearer` token itself when API Gateway's JWT authorizer has not (behind an ALB, or a
   * route without an authorizer): an invalid token gets 401 before the route runs, no token leaves `auth` unset.
   */
  tokenVerifier?: JwtVerifier;
}

interface RenderedResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: string;
  isBase64Encoded: boolean;
}

const isAlbEvent = (event: HttpEvent): event is ALBEvent =>
  typeof (event as ALBEvent).requestContext?.elb === 'object';

const isHttpApiEvent = (event: HttpEvent): event is HttpApiEvent =>
  (event as HttpApiEvent).version === '2.0' &&
  typeof (event as HttpApiEvent).requestContext?.http === 'object';

const compact = (record: Record<string, string | undefined> | null | undefined, lowerCase = false) => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) {
    if (value !== undefined) out[lowerCase ? key.toLowerCase() : key] = value;
  }
  return out;
};

// An ALB passes the query string still URL-encoded; API Gateway decodes it.
const decodeQueryComponent = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};

const decodeCookieValue = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

const parseCookies = (pairs: string[]): Record<string, string> => {
  const cookies: Record<string, string> = {};
  for (const pair of pairs) {
    const index = pair.indexOf('=');
    if (index <= 0) continue;
    cookies[pair.slice(0, index).trim()] = decodeCookieValue(pair.slice(index + 1).trim());
  }
  return cookies;
};

const isJsonMediaType = (contentType: string): boolean => {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
};

interface RequestParts {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  pathParameters: Record<string, string>;
  cookies: Record<string, string>;
  rawBody: string | null | undefined;
  isBase64Encoded: boolean;
  requestId: string;
  sourceIp: string;
  authorizer: unknown;
  auth: AuthClaims | undefined;
  source: 'apigateway' | 'alb';
  route: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `requestContext.authorizer.jwt` of an HTTP API route with a JWT authorizer: `{ claims, scopes }`. */
function authFromJwtAuthorizer(authorizer: unknown): AuthClaims | undefined {
  const jwt = isRecord(authorizer) ? authorizer['jwt'] : undefined;
  if (!isRecord(jwt) || !isRecord(jwt['claims'])) return undefined;
  const claims = jwt['claims'];
  // API Gateway fills `scopes` from `scope`/`scp` (null when there is none); the claims are the fallback, where it
  // writes a list claim as `[a b]`.
  const unbracketed = (value: unknown) =>
    typeof value === 'string' && value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  const scopes = Array.isArray(jwt['scopes'])
    ? jwt['scopes'].filter((scope): scope is string => typeof scope === 'string')
    : scopesOf({ scope: unbracketed(claims['scope']), scp: unbracketed(claims['scp']) });
  return {
    subject: typeof claims['sub'] === 'string' ? claims['sub'] : undefined,
    scopes,
    claims,
    source: 'apigateway-jwt-authorizer',
  };
}

function partsFromHttpApi(event: HttpApiEvent): RequestParts {
  const headers = compact(event.headers, true);
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    headers,
    query: compact(event.queryStringParameters),
    pathParameters: compact(event.pathParameters),
    cookies: parseCookies(event.cookies ?? []),
    rawBody: event.body,
    isBase64Encoded: event.isBase64Encoded === true,
    requestId: event.requestContext.requestId,
    sourceIp: event.requestContext.http.sourceIp,
    authorizer: event.requestContext.authorizer,
    auth: authFromJwtAuthorizer(event.requestContext.authorizer),
    source: 'apigateway',
    route: event.routeKey,
  };
}

function partsFromAlb(event: ALBEvent, context: Context): RequestParts {
  const headers: Record<string, string> = {};
  if (event.multiValueHeaders) {
    for (const [name, values] of Object.entries(event.multiValueHeaders)) {
      if (!values || values.length === 0) continue;
      const key = name.toLowerCase();
      headers[key] = values.join(key === 'cookie' ? '; ' : ', ');
    }
  } else {
    Object.assign(headers, compact(event.headers, true));
  }
  const query: Record<string, string> = {};
  if (event.multiValueQueryStringParameters) {
    for (const [name, values] of Object.entries(event.multiValueQueryStringParameters)) {
      if (values) query[decodeQueryComponent(name)] = values.map(decodeQueryComponent).join(',');
    }
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
      if (value !== undefined) query[decodeQueryComponent(name)] = decodeQueryComponent(value);
    }
  }
  const method = event.httpMethod.toUpperCase();
  return {
    method,
    path: event.path,
    headers,
    query,
    pathParameters: {},
    cookies: parseCookies((headers['cookie'] ?? '').split(';')),
    rawBody: event.body,
    isBase64Encoded: event.isBase64Encoded === true,
    requestId: context.awsRequestId,
    // The ALB appends the address of the peer it accepted the connection from (modules/alb_api sets the `append`
    // mode), so the right-most entry is the one nobody but the ALB wrote; what a client sent stays to its left.
    sourceIp: (headers['x-forwarded-for'] ?? '').split(',').pop()?.trim() ?? '',
    authorizer: undefined,
    auth: undefined,
    source: 'alb',
    route: method,
  };
}

function buildRequest(parts: RequestParts, maxBodyBytes: number): HttpRequest {
  let body: string | undefined;
  if (parts.rawBody !== undefined && parts.rawBody !== null && parts.rawBody !== '') {
    // Decoded once: the limit applies to the decoded bytes, which are also the body.
    const decoded = parts.isBase64Encoded ? Buffer.from(parts.rawBody, 'base64') : undefined;
    const size = decoded?.length ?? Buffer.byteLength(parts.rawBody, 'utf8');
    if (size > maxBodyBytes) {
      throw new PayloadTooLargeError(`Request body is larger than ${maxBodyBytes} bytes`);
    }
    body = decoded?.toString('utf8') ?? parts.rawBody;
  }

  let parsed: { value: unknown } | undefined;
  const json = <T = unknown>(): T => {
    if (parsed === undefined) {
      const contentType = parts.headers['content-type'];
      if (contentType !== undefined && !isJsonMediaType(contentType)) {
        throw new UnsupportedMediaTypeError('Content-Type must be application/json');
      }
      if (body === undefined || body.trim() === '') {
        throw new MalformedJsonError('Request body is empty; a JSON document is required');
      }
      try {
        parsed = { value: JSON.parse(body) };
      } catch {
        // No cause: SyntaxError's message quotes the body, which may hold PII.
        throw new MalformedJsonError('Request body is not valid JSON');
      }
    }
    return parsed.value as T;
  };

  return {
    method: parts.method,
    path: parts.path,
    headers: parts.headers,
    query: parts.query,
    pathParameters: parts.pathParameters,
    cookies: parts.cookies,
    body,
    json,
    requestId: parts.requestId,
    sourceIp: parts.sourceIp,
    authorizer: parts.authorizer,
    auth: parts.auth,
    source: parts.source,
  };
}

function render(response: HttpResponse): RenderedResponse {
  const headers: Record<string, string> = {
    'content-type': Buffer.isBuffer(response.rawBody) ? 'application/octet-stream' : 'application/json',
    'cache-control': 'no-store',
    ...compact(response.headers, true),
  };
  let body = '';
  let isBase64Encoded = false;
  if (response.rawBody !== undefined) {
    if (Buffer.isBuffer(response.rawBody)) {
      body = response.rawBody.toString('base64');
      isBase64Encoded = true;
    } else {
      body = response.rawBody;
      isBase64Encoded = response.isBase64Encoded === true;
    }
  } else if (response.body !== undefined) {
    body = JSON.stringify(response.body);
  }
  return { statusCode: response.status, headers, cookies: response.cookies ?? [], body, isBase64Encoded };
}

const errorBody = (error: AppError) => ({
  error: {
    code: error.code,
    message: error.message,
    ...(error.field === undefined ? {} : { field: error.field }),
  },
});

const INTERNAL_ERROR: HttpResponse = {
  status: 500,
  body: { error: { code: 'INTERNAL', message: 'Internal error' } },
};

function toHttpApiResult(rendered: RenderedResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: rendered.statusCode,
    headers: rendered.headers,
    body: rendered.body,
    isBase64Encoded: rendered.isBase64Encoded,
    ...(rendered.cookies.length > 0 ? { cookies: rendered.cookies } : {}),
  };
}

function toAlbResult(rendered: RenderedResponse, multiValue: boolean): ALBResult {
  const statusDescription = `${rendered.statusCode} ${STATUS_CODES[rendered.statusCode] ?? ''}`.trim();
  const base = { statusCode: rendered.statusCode, statusDescription, body: rendered.body };
  if (multiValue) {
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(rendered.headers)) multiValueHeaders[name] = [value];
    if (rendered.cookies.length > 0) multiValueHeaders['set-cookie'] = rendered.cookies;
    return { ...base, multiValueHeaders, isBase64Encoded: rendered.isBase64Encoded };
  }
  if (rendered.cookies.length > 1) {
    // A single-value ALB response can carry one Set-Cookie only; dropping the others silently would
    // break sessions in ways that are hard to trace.
    throw new UnsupportedEventError(
      'Several cookies need multi-value headers: enable them on the ALB target group',
    );
  }
  const headers: Record<string, string> = { ...rendered.headers };
  if (rendered.cookies[0] !== undefined) headers['set-cookie'] = rendered.cookies[0];
  return { ...base, headers, isBase64Encoded: rendered.isBase64Encoded };
}

/**
 * Wraps a route into a Lambda handler for API Gateway HTTP API (payload 2.0) and ALB events. The
 * route gets a normalised `HttpRequest`; an `AppError` it throws becomes its status with
 * `{ error: { code, message, field? } }`; anything else becomes a 500 with a fixed body, logged
 * (redacted) with the request id. Every response carries `cache-control: no-store`.
 */
export function httpHandler(
  route: HttpRoute,
  options: HttpHandlerOptions = {},
): (event: HttpEvent, context: Context) => Promise<HttpResult> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.logger ?? defaultLogger;

  // Each invocation gets its own list of sensitive values, empty at the start.
  return (event, context) =>
    withSensitiveValueScope(async () => {
      const startedAt = performance.now();
      log.resetKeys();
      log.addContext(context);

      let parts: RequestParts;
      let finish: (rendered: RenderedResponse) => HttpResult;
      if (isAlbEvent(event)) {
        parts = partsFromAlb(event, context);
        const multiValue = event.multiValueHeaders !== undefined;
        finish = (rendered) => toAlbResult(rendered, multiValue);
      } else if (isHttpApiEvent(event)) {
        parts = partsFromHttpApi(event);
        finish = toHttpApiResult;
      } else {
        throw new UnsupportedEventError('httpHandler accepts API Gateway HTTP API 2.0 and ALB events only');
      }
      const routeName = options.routeName ?? parts.route;
      log.appendKeys({ request_id: parts.requestId, route: routeName });

      let result: HttpResult;
      try {
        const token =
          options.tokenVerifier && parts.auth === undefined ? bearerToken(parts.headers) : undefined;
        if (options.tokenVerifier && token !== undefined)
          parts.auth = await options.tokenVerifier.verify(token);
        const response = await route(buildRequest(parts, maxBodyBytes), context);
        result = finish(render(response));
      } catch (error) {
        result = finish(render(failureResponse(error, log)));
      }
      log.info('HTTP request', {
        method: parts.method,
        status: result.statusCode,
        duration_ms: Math.round(performance.now() - startedAt),
      });
      return result;
    });
}

function failureResponse(error: unknown, log: Logger): HttpResponse {
  if (error instanceof AppError) {
    log.warn('Request rejected', {
      status: error.status,
      error_code: error.code,
      error_name: error.name,
      reason: error.message,
      ...(error.field === undefined ? {} : { field: error.field }),
    });
    return { status: error.status, body: errorBody(error) };
  }
  if (error instanceof Error) {
    log.error('Unhandled error', error);
  } else {
    log.error('Unhandled non-Error thrown', { thrown: error });
  }
  return INTERNAL_ERROR;
}
