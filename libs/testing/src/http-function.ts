import type { EnvValue, FunctionDeclaration } from '@backend/contracts';
import type { Context } from 'aws-lambda';
import { httpApiEvent, lambdaContext } from './http-events.js';
import type { TestLocalCloud } from './local-cloud.js';

export type HttpHandlerModule = { handler: (event: never, context: Context) => Promise<unknown> };

export interface HttpFunctionAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The body parsed as JSON (undefined when empty). */
  readonly body: unknown;
}

export interface HttpFunction {
  /** Sends one request to the handler as API Gateway would, from `sourceIp` (a fresh documentation address by default). */
  request(input: {
    routeKey?: string;
    body?: unknown;
    headers?: Record<string, string>;
    sourceIp?: string;
  }): Promise<HttpFunctionAnswer>;
}

/**
 * Loads an HTTP function's own handler module in this process, configured as the local cloud would deploy it: its
 * declared environment (queue URLs, the HTTP API's URL and identity pool ids resolved against `cloud`, `overrides`
 * on top) and the SDK pointed at the cloud's edge. For tests that need the handler in process (its first
 * invocation, its modules' state) rather than in a worker behind the HTTP API. The variables stay set for the test
 * file, which has its own process.
 */
export async function loadHttpFunction(
  cloud: TestLocalCloud,
  declaration: FunctionDeclaration,
  load: () => Promise<HttpHandlerModule>,
  overrides: Readonly<Record<string, string>> = {},
): Promise<HttpFunction> {
  const resolve = (value: EnvValue): string => {
    if (typeof value === 'string') return value;
    if ('queueUrl' in value) return cloud.queueUrl(value.queueUrl);
    if ('httpApiUrl' in value) return cloud.httpApiUrl;
    if ('identityPoolId' in value) return cloud.identityPoolId(value.identityPoolId);
    if ('oauthIssuerUrl' in value) return cloud.oauthIssuerUrl;
    throw new Error(`${declaration.name}: loadHttpFunction cannot resolve ${JSON.stringify(value)}`);
  };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_REGION: cloud.region,
    AWS_ACCESS_KEY_ID: cloud.clientConfig.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: cloud.clientConfig.credentials.secretAccessKey,
    ...Object.fromEntries(
      Object.entries(declaration.environment ?? {}).map(([name, value]) => [name, resolve(value)]),
    ),
    ...overrides,
  });
  const { handler } = await load();
  const [routeKey] = (declaration.routes ?? []).map((route) =>
    typeof route === 'string' ? route : route.routeKey,
  );
  let requests = 0;
  return {
    async request(input) {
      requests += 1;
      const event = httpApiEvent({
        routeKey: input.routeKey ?? routeKey ?? 'POST /',
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.headers === undefined ? {} : { headers: input.headers }),
        sourceIp: input.sourceIp ?? `192.0.2.${requests % 250}`,
      });
      const result = (await handler(event as never, lambdaContext(declaration.name))) as {
        statusCode: number;
        headers?: Record<string, string>;
        body?: string;
      };
      return {
        status: result.statusCode,
        headers: result.headers ?? {},
        body:
          result.body === undefined || result.body === '' ? undefined : (JSON.parse(result.body) as unknown),
      };
    },
  };
}
