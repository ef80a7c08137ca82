import { randomUUID } from 'node:crypto';
import type { ALBEvent, APIGatewayProxyEventV2, Context } from 'aws-lambda';

export interface HttpApiEventInput {
  /** `POST /api/accounts/login`: method and path. */
  readonly routeKey: string;
  /** Sent as is when a string, JSON-encoded otherwise; none when undefined. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly sourceIp?: string;
}

/**
 * An API Gateway HTTP API (payload 2.0) event as the local cloud and AWS build it, for driving an HTTP handler in
 * process (fuzz suites, first-invocation checks). `content-type: application/json` unless the headers say otherwise.
 */
export function httpApiEvent(input: HttpApiEventInput): APIGatewayProxyEventV2 {
  const [method = 'GET', path = '/'] = input.routeKey.split(' ');
  const body =
    input.body === undefined || typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const sourceIp = input.sourceIp ?? '127.0.0.1';
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...input.headers },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'test' },
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

export interface AlbEventInput {
  readonly method: string;
  /** The path as the client sent it, percent-encoding kept. */
  readonly path: string;
  /** Sent as is when a string, JSON-encoded otherwise; none when undefined. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The target group's multi-value headers setting: every header and query value comes as a list. */
  readonly multiValueHeaders?: boolean;
}

/**
 * An Application Load Balancer event for a Lambda target as AWS builds it: no path parameters, header names in
 * lower case, the client's address in `x-forwarded-for`; with multi-value headers, `multiValueHeaders` and
 * `multiValueQueryStringParameters` instead of the single-value maps.
 */
export function albEvent(input: AlbEventInput): ALBEvent {
  const body =
    input.body === undefined || typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-forwarded-for': '198.51.100.7',
    'x-forwarded-proto': 'https',
    ...Object.fromEntries(
      Object.entries(input.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
  };
  return {
    requestContext: {
      elb: {
        targetGroupArn:
          'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/local/0123456789abcdef',
      },
    },
    httpMethod: input.method,
    path: input.path,
    ...(input.multiValueHeaders === true
      ? {
          multiValueHeaders: Object.fromEntries(
            Object.entries(headers).map(([name, value]) => [name, [value]]),
          ),
          multiValueQueryStringParameters: {},
        }
      : { headers, queryStringParameters: {} }),
    body: body ?? '',
    isBase64Encoded: false,
  };
}

/** A Lambda context for `functionName` with `remainingMs` left, as the runtime passes it. */
export function lambdaContext(functionName = 'test-function', remainingMs = 30_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
