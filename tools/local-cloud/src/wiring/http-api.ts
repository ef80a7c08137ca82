import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeclarationError } from '../errors.js';
import { readBody, PayloadTooLargeError } from '../edge/body.js';
import { ACCOUNT_ID } from '../emulators/constants.js';
import type { InvocationResult } from '../runtime/types.js';
import type { AuthorizerResult } from './jwt-authorizer.js';
import { serveStatic, type StaticSite } from './static-files.js';

export interface HttpRoute {
  readonly routeKey: string;
  readonly functionName: string;
  /** API Gateway's JWT authorizer of the route, with the scopes of which the token needs one. */
  readonly authorizer?: {
    readonly authorize: (
      authorization: string | undefined,
      scopes: readonly string[],
    ) => Promise<AuthorizerResult>;
    readonly scopes: readonly string[];
  };
}

interface CompiledRoute extends HttpRoute {
  readonly method: string;
  readonly pattern: RegExp;
  readonly params: readonly string[];
  readonly rank: number;
}

// API Gateway's payload limit for HTTP APIs is 10 MB.
const MAX_BODY = 10 * 1024 * 1024;
const TEXT_TYPES = /^text\/|json|xml|javascript/i;

/** `GET /users/{id}`, `ANY /files/{proxy+}` or `$default`, with API Gateway's precedence. */
export function compileRoute(route: HttpRoute): CompiledRoute {
  if (route.routeKey === '$default') {
    return { ...route, method: 'ANY', pattern: /^.*$/, params: [], rank: -1 };
  }
  const match = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) (\/[^\s]*)$/.exec(route.routeKey);
  if (match === null)
    throw new DeclarationError(`Route "${route.routeKey}" of ${route.functionName} is not "METHOD /path"`);
  const [, method, path] = match as unknown as [string, string, string];
  const params: string[] = [];
  let literal = 0;
  let greedy = false;
  const segments = path
    .split('/')
    .slice(1)
    .map((segment, index, all) => {
      const variable = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
      if (variable === null) {
        literal += 1;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      params.push(variable[1]!);
      if (variable[2] === '+') {
        if (index !== all.length - 1)
          throw new DeclarationError(`Greedy variable must be last in ${route.routeKey}`);
        greedy = true;
        return '(.+)';
      }
      return '([^/]+)';
    });
  // Exact paths beat variables, variables beat greedy ones, a method beats ANY.
  const rank = (greedy ? 0 : 1000) + literal * 10 + (method === 'ANY' ? 0 : 1);
  return { ...route, method, pattern: new RegExp(`^/${segments.join('/')}$`), params, rank };
}

export function matchRoute(routes: readonly CompiledRoute[], method: string, path: string) {
  let best: { route: CompiledRoute; pathParameters: Record<string, string> } | undefined;
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match === null || (best !== undefined && best.route.rank >= route.rank)) continue;
    const pathParameters = Object.fromEntries(
      route.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]),
    );
    best = { route, pathParameters };
  }
  return best;
}

function clfTime(date: Date): string {
  const [, day, month, year, time] = date.toUTCString().split(' ') as [
    string,
    string,
    string,
    string,
    string,
  ];
  return `${day}/${month}/${year}:${time} +0000`;
}

/** The API Gateway HTTP API payload 2.0 event of a request. */
export function toHttpApiEvent(
  req: IncomingMessage,
  body: Buffer,
  routeKey: string,
  pathParameters: Record<string, string>,
) {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    if (name === 'cookie') continue;
    const value = req.rawHeaders[i + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const cookieHeader = req.headers.cookie;
  const cookies = cookieHeader === undefined ? [] : cookieHeader.split(/;\s*/).filter((c) => c.length > 0);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const contentType = req.headers['content-type'] ?? '';
  const isText = body.length > 0 && TEXT_TYPES.test(contentType);
  const now = new Date();
  const requestId = randomBytes(12).toString('base64url');
  const host = req.headers.host ?? 'localhost';
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: (req.url ?? '').split('?')[1] ?? '',
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: 'localapi',
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

interface HttpResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(body)) };
}

/** Maps a payload 2.0 result back as API Gateway does, including its guess for results without `statusCode`. */
export function fromHandlerResult(result: InvocationResult): HttpResponse {
  if (result.error !== undefined) return json(500, { message: 'Internal Server Error' });
  const value = JSON.parse(result.payload) as unknown;
  if (typeof value !== 'object' || value === null || !('statusCode' in value)) {
    const body = typeof value === 'string' ? value : JSON.stringify(value);
    return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
  }
  const response = value as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    multiValueHeaders?: Record<string, unknown[]>;
    cookies?: unknown[];
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  if (
    typeof response.statusCode !== 'number' ||
    !Number.isInteger(response.statusCode) ||
    response.statusCode < 100 ||
    response.statusCode > 599
  ) {
    return json(500, { message: 'Internal Server Error' });
  }
  const headers: [string, string][] = [];
  for (const [name, v] of Object.entries(response.headers ?? {})) headers.push([name, String(v)]);
  for (const [name, values] of Object.entries(response.multiValueHeaders ?? {})) {
    for (const v of values) headers.push([name, String(v)]);
  }
  for (const cookie of response.cookies ?? []) headers.push(['set-cookie', String(cookie)]);
  const rawBody =
    typeof response.body === 'string'
      ? response.body
      : response.body === undefined
        ? ''
        : JSON.stringify(response.body);
  const body = response.isBase64Encoded === true ? Buffer.from(rawBody, 'base64') : Buffer.from(rawBody);
  return { status: response.statusCode, headers, body };
}

export interface HttpApiServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The HTTP API base URL: every declared route, mapped to payload 2.0 events of its function. */
export async function startHttpApi(
  routes: readonly HttpRoute[],
  invoke: (functionName: string, event: string) => Promise<InvocationResult>,
  onError: (error: unknown) => void,
  port = 0,
  sites: readonly StaticSite[] = [],
): Promise<HttpApiServer> {
  const compiled = routes.map(compileRoute);
  const seen = new Map<string, string>();
  for (const route of compiled) {
    const other = seen.get(route.routeKey);
    if (other !== undefined) {
      throw new DeclarationError(
        `Route "${route.routeKey}" is declared by both ${other} and ${route.functionName}`,
      );
    }
    seen.set(route.routeKey, route.functionName);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await serveStatic(sites, req, res)) return;
    const url = new URL(req.url ?? '/', 'http://local');
    const matched = matchRoute(compiled, req.method ?? 'GET', url.pathname);
    let response: HttpResponse;
    if (matched === undefined) {
      response = json(404, { message: 'Not Found' });
    } else {
      try {
        const { authorizer } = matched.route;
        const auth = await authorizer?.authorize(req.headers.authorization, authorizer.scopes);
        if (auth !== undefined && !auth.ok) {
          // API Gateway answers before the function runs, and reads no body.
          response = json(auth.status, { message: auth.status === 401 ? 'Unauthorized' : 'Forbidden' });
        } else {
          const body = await readBody(req, MAX_BODY);
          const event = toHttpApiEvent(req, body, matched.route.routeKey, matched.pathParameters);
          if (auth?.ok === true) Object.assign(event.requestContext, { authorizer: { jwt: auth.jwt } });
          response = fromHandlerResult(await invoke(matched.route.functionName, JSON.stringify(event)));
        }
      } catch (error) {
        if (!(error instanceof PayloadTooLargeError)) throw error;
        response = json(413, { message: 'Request Entity Too Large' });
      }
    }
    const headers = [
      ...response.headers,
      ['content-length', String(response.body.length)],
      ['apigw-requestid', randomBytes(8).toString('hex')],
    ];
    res.writeHead(response.status, headers.flat());
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
