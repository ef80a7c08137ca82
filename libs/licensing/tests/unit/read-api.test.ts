import { randomBytes } from 'node:crypto';
import { BatchIncompleteError } from '@backend/persistence';
import {
  JwksUnavailableError,
  httpHandler,
  logger,
  type AuthClaims,
  type JwtVerifier,
} from '@backend/platform';
import { httpApiEvent, lambdaContext } from '@backend/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deriveLicensingKeys,
  licensingReadRoute,
  type LicensingReadDependencies,
  type ProviderReads,
} from '../../src/index.js';

// The read route's answers that carry a header, without a network: a verifier and reads that fail as told.
const keys = deriveLicensingKeys(randomBytes(32).toString('hex'), 'TEST');
const reader: AuthClaims = {
  subject: 'reader',
  scopes: ['aslp/readGeneral'],
  claims: {},
  source: 'verified-token',
};
const verifierOf = (verify: () => Promise<AuthClaims>): JwtVerifier => ({ verify });
const readsFailingWith = (error: unknown) =>
  ({
    provider: () => Promise.reject(error),
    match: () => Promise.reject(error),
    providerItems: () => Promise.reject(error),
  }) as unknown as ProviderReads;

async function call(verifier: JwtVerifier, reads: ProviderReads, routeKey: string, body?: unknown) {
  const deps: LicensingReadDependencies = { reads, keys };
  const handler = httpHandler(licensingReadRoute({ verifier, dependencies: async () => deps }));
  const result = (await handler(
    httpApiEvent({
      routeKey,
      headers: { authorization: 'Bearer a.b.c' },
      ...(body === undefined ? {} : { body }),
    }),
    lambdaContext('licenses-api'),
  )) as { statusCode: number; headers: Record<string, string>; body: string };
  return { status: result.statusCode, headers: result.headers, body: JSON.parse(result.body) as unknown };
}

const id = '00000000-0000-4000-8000-000000000000';
beforeAll(() => logger.setLogLevel('SILENT'));

describe('licensingReadRoute answers', () => {
  it('503 with Retry-After when the issuer keys cannot be read, before reading anything', async () => {
    const answer = await call(
      verifierOf(() => Promise.reject(new JwksUnavailableError('The issuer keys could not be read'))),
      readsFailingWith(new Error('must not be read')),
      `GET /v1/compacts/aslp/providers/${id}`,
    );
    expect(answer).toMatchObject({
      status: 503,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'AUTH_UNAVAILABLE' } },
    });
  });

  it.each([
    ['a bulk read left incomplete', new BatchIncompleteError('retries-exhausted', [], [])],
    [
      'DynamoDB throttling past the SDK retries',
      Object.assign(new Error('Rate exceeded'), {
        name: 'ProvisionedThroughputExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      "DynamoDB's own fault",
      Object.assign(new Error('Internal'), { name: 'InternalServerError', $fault: 'server', $metadata: {} }),
    ],
  ])('503 with Retry-After for %s', async (_name, error) => {
    const answer = await call(
      verifierOf(async () => reader),
      readsFailingWith(error),
      'POST /v1/compacts/aslp/providers/bulk',
      { providerIds: [id] },
    );
    expect(answer).toMatchObject({
      status: 503,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'SERVICE_UNAVAILABLE' } },
    });
  });

  it('500 for a fault of the code, not storage (no Retry-After: retrying will not help)', async () => {
    const answer = await call(
      verifierOf(async () => reader),
      readsFailingWith(new TypeError('a bug')),
      `GET /v1/compacts/aslp/providers/${id}`,
    );
    expect(answer.status).toBe(500);
    expect(answer.headers).not.toHaveProperty('retry-after');
  });
});
