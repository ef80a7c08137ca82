import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BucketCorsRule } from '@backend/contracts';
import { sendAwsError } from './aws-errors.js';

/** The bucket and key an S3 request addresses, virtual-hosted (`bucket.localhost`) or path style. */
export interface S3Target {
  readonly bucket: string;
  readonly key: string;
}

export function s3TargetOf(req: IncomingMessage): S3Target | undefined {
  const url = new URL(req.url ?? '/', 'http://local');
  const hostname = (req.headers.host ?? '').split(':')[0] ?? '';
  // Virtual-hosted style (bucket.localhost) as fauxqs reads it; path style otherwise.
  const virtualBucket =
    hostname.includes('.') && !/^\d+\.\d+\.\d+\.\d+$/.test(hostname)
      ? hostname.slice(0, hostname.indexOf('.'))
      : undefined;
  const segments = url.pathname.split('/').slice(1);
  const bucket = virtualBucket ?? segments.shift();
  if (bucket === undefined || bucket === '') return undefined;
  return { bucket, key: segments.map((s) => decodeURIComponent(s)).join('/') };
}

/** S3's pattern rule: at most one `*`, matching any run of characters. */
function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

/** The request headers a preflight asks for, lower-cased (`Access-Control-Request-Headers`). */
export function requestedHeaders(req: IncomingMessage): string[] {
  return (req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
}

/**
 * The first rule that allows this origin, method and every requested header, as S3 evaluates a bucket's
 * CORS configuration; undefined when none does.
 */
export function matchCorsRule(
  rules: readonly BucketCorsRule[],
  origin: string,
  method: string,
  headers: readonly string[] = [],
): BucketCorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((pattern) => wildcardMatch(pattern, origin)) &&
      rule.allowedMethods.includes(method.toUpperCase()) &&
      headers.every((header) =>
        (rule.allowedHeaders ?? []).some((pattern) => wildcardMatch(pattern.toLowerCase(), header)),
      ),
  );
}

/** The headers S3 adds to an answer for a request from an origin a rule allows. */
export function corsHeaders(rule: BucketCorsRule, origin: string): Record<string, string> {
  const anyOrigin = rule.allowedOrigins.includes('*');
  return {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    ...(anyOrigin ? {} : { 'access-control-allow-credentials': 'true' }),
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    ...(rule.exposeHeaders?.length ? { 'access-control-expose-headers': rule.exposeHeaders.join(', ') } : {}),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
}

/** A browser's CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`. */
export function isPreflight(req: IncomingMessage): boolean {
  return (
    req.method === 'OPTIONS' &&
    req.headers.origin !== undefined &&
    req.headers['access-control-request-method'] !== undefined
  );
}

/**
 * Answers a preflight for an S3 bucket as S3 does: 200 with the allowed origin, method and headers when one
 * of the bucket's CORS rules allows the request, 403 otherwise. fauxqs has no CORS, so the edge answers itself.
 */
export function answerPreflight(
  req: IncomingMessage,
  res: ServerResponse,
  bucketCors: (bucket: string) => readonly BucketCorsRule[] | undefined,
): void {
  const target = s3TargetOf(req);
  const rules = target === undefined ? undefined : bucketCors(target.bucket);
  if (rules === undefined || rules.length === 0) {
    sendAwsError(req, res, 403, 'CORSResponse', 'CORS is not enabled for this bucket.');
    return;
  }
  const origin = req.headers.origin!;
  const method = String(req.headers['access-control-request-method']);
  const headers = requestedHeaders(req);
  const rule = matchCorsRule(rules, origin, method, headers);
  if (rule === undefined) {
    sendAwsError(
      req,
      res,
      403,
      'CORSResponse',
      "This CORS request is not allowed: the origin, request method or request headers are not allowed by the bucket's CORS rules.",
    );
    return;
  }
  res.writeHead(200, {
    ...corsHeaders(rule, origin),
    ...(headers.length > 0 ? { 'access-control-allow-headers': headers.join(', ') } : {}),
    ...(rule.maxAgeSeconds === undefined ? {} : { 'access-control-max-age': String(rule.maxAgeSeconds) }),
    'content-length': '0',
  });
  res.end();
}

/** CORS headers for an actual S3 request from a browser (it has an `Origin`), or none. */
export function corsHeadersFor(
  req: IncomingMessage,
  bucketCors: (bucket: string) => readonly BucketCorsRule[] | undefined,
): Record<string, string> | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const target = s3TargetOf(req);
  const rules = target === undefined ? undefined : bucketCors(target.bucket);
  const rule = rules === undefined ? undefined : matchCorsRule(rules, origin, req.method ?? 'GET');
  return rule === undefined ? undefined : corsHeaders(rule, origin);
}
