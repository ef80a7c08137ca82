import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { licensingAudience, licensingResourceNames, licensingService } from '@backend/licensing';
import { logger } from '@backend/platform';
import {
  clientCredentialsToken,
  sampleLicense,
  startLicensingHarness,
  type LicensingHarness,
} from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// At least 1,000 fuzzed bodies per route, and 1,000 fuzzed tokens, never get a 5xx and never write outside the
// caller's scope. Bodies drive the handler in process against the local cloud's real DynamoDB and S3; tokens go
// through the local cloud's HTTP API, where API Gateway's JWT authorizer checks them before the function does.
const RUNS = 1000;
let harness: LicensingHarness;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  harness = await startLicensingHarness({ service: licensingService, names: licensingResourceNames });
  // The handler in this process, configured as the local cloud configures the deployed function.
  const fn = licensingService.functions!.find((f) => f.app === 'license-uploads')!;
  Object.assign(process.env, fn.environment, {
    AWS_ENDPOINT_URL: harness.cloud.endpoint,
    AWS_REGION: harness.cloud.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  // Thousands of request lines would bury the test's own output; the wrapper's logging is tested in the platform.
  logger.setLogLevel('SILENT');
  ({ handler } = (await import('../../src/handler.js')) as unknown as { handler: typeof handler });
});

afterAll(() => harness?.stop());

const context = { awsRequestId: 'fuzz', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
let requests = 0;

/** An HTTP API payload 2.0 event as API Gateway sends it once its JWT authorizer accepted the token. */
function event(
  method: string,
  path: Record<string, string>,
  scopes: readonly string[],
  body?: string,
  query = {},
) {
  const base = `/v1/compacts/${path['compact']}/jurisdictions/${path['jurisdiction']}/licenses`;
  const rawPath =
    path['uploadId'] !== undefined
      ? `${base}/uploads/${path['uploadId']}`
      : method === 'GET'
        ? `${base}/bulk-upload`
        : base;
  return {
    version: '2.0',
    routeKey: `${method} ${rawPath}`,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    queryStringParameters: query,
    pathParameters: path,
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
    requestContext: {
      requestId: `fuzz-${++requests}`,
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'fuzz' },
      authorizer: { jwt: { claims: { sub: 'board', scope: scopes.join(' ') }, scopes } },
    },
  } as unknown as APIGatewayProxyEventV2;
}

/** Every answer is a client answer with the error envelope, never a 5xx (503 only for DynamoDB not confirming). */
function expectClientAnswer(result: APIGatewayProxyStructuredResultV2) {
  expect(result.statusCode).toBeLessThan(500);
  if (result.statusCode! >= 400) {
    const body = JSON.parse(result.body ?? '{}') as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
  }
}

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', ' ', 'oh', 'aslp', '../x', '%00'),
);
const licenseFields = Object.keys(sampleLicense(''));
/** A license with some fields replaced by anything, removed, or joined by unknown ones. */
const mutatedLicense = fc
  .tuple(
    fc.integer({ min: 0, max: 999 }),
    fc.dictionary(
      fc.constantFrom(...licenseFields, 'nickname', '__proto__', 'constructor'),
      fc.oneof(text, fc.anything()),
      { maxKeys: 4 },
    ),
    fc.subarray(licenseFields, { maxLength: 3 }),
  )
  .map(([n, changes, removed]) => {
    const license: Record<string, unknown> = {
      ...sampleLicense(`555-00-${String(n).padStart(4, '0')}`),
      ...changes,
    };
    for (const field of removed) delete license[field];
    return license;
  });
const body = fc.oneof(
  fc.array(mutatedLicense, { maxLength: 5 }).map((licenses) => JSON.stringify(licenses)),
  fc.json(),
  fc.string(),
  fc.array(mutatedLicense, { minLength: 99, maxLength: 102 }).map((licenses) => JSON.stringify(licenses)),
);
const pathOf = fc.record({
  compact: fc.oneof(fc.constantFrom('aslp', 'octp', 'coun'), text),
  jurisdiction: fc.oneof(fc.constantFrom('oh', 'ky'), text),
});
const scopesOf = fc.oneof(
  fc.constant<readonly string[]>(['oh/aslp.write']),
  fc.subarray([
    'oh/aslp.write',
    'oh/aslp.admin',
    'ky/aslp.write',
    'oh/octp.write',
    'aslp/admin',
    'aslp/readSSN',
  ]),
  fc.array(text, { maxLength: 3 }),
);

/** The (compact, jurisdiction) pairs that hold licenses now. */
async function writtenPlaces(): Promise<string[]> {
  const items = await harness.providerItems();
  return [
    ...new Set(
      items
        .filter((i) => i['type'] === 'license')
        .map((i) => `${String(i['compact'])}/${String(i['jurisdiction'])}`),
    ),
  ];
}

describe('fuzzed requests to the licensing write routes (in process, real DynamoDB and S3)', () => {
  it(
    `POST …/licenses: ${RUNS} bodies, paths and scopes, never a 5xx, never a write outside the scope`,
    { timeout: 180_000 },
    async () => {
      const allowed = new Set<string>();
      await fc.assert(
        fc.asyncProperty(pathOf, scopesOf, body, async (path, scopes, payload) => {
          const result = await handler(event('POST', path, scopes, payload), context);
          expectClientAnswer(result);
          if (result.statusCode === 200) {
            const place = `${path.compact}/${path.jurisdiction}`;
            expect(
              scopes.some(
                (s) =>
                  s === `${path.jurisdiction}/${path.compact}.write` ||
                  s === `${path.jurisdiction}/${path.compact}.admin`,
              ),
            ).toBe(true);
            allowed.add(place);
          }
        }),
        { numRuns: RUNS },
      );
      for (const place of await writtenPlaces()) expect(allowed).toContain(place);
    },
  );

  it(
    `GET …/bulk-upload and …/uploads/{uploadId}: ${RUNS} each, never a 5xx`,
    { timeout: 180_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(pathOf, scopesOf, async (path, scopes) => {
          expectClientAnswer(await handler(event('GET', path, scopes), context));
        }),
        { numRuns: RUNS },
      );
      await fc.assert(
        fc.asyncProperty(
          pathOf,
          scopesOf,
          fc.oneof(fc.uuid(), text),
          fc.option(text, { nil: undefined }),
          async (path, scopes, uploadId, cursor) => {
            const result = await handler(
              event('GET', { ...path, uploadId }, scopes, undefined, cursor === undefined ? {} : { cursor }),
              context,
            );
            expectClientAnswer(result);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );
});

describe('fuzzed tokens through the HTTP API and its JWT authorizer', () => {
  it(
    `${RUNS} tokens (forged, alg none, edited, expired, wrong audience, other scopes or jurisdictions) never get a 5xx or a write outside their scope`,
    { timeout: 300_000 },
    async () => {
      const forgedKey = (await generateKeyPair('RS256')).privateKey;
      const claims = { client_id: 'board-oh', scope: 'oh/aslp.write ky/aslp.write' };
      const issuer = harness.cloud.oauthIssuerUrl;
      const ohWriter = await harness.token('board-oh', ['oh/aslp.write']);
      const [header, payload, signature] = ohWriter.split('.') as [string, string, string];
      const widened = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      const tokens: Record<string, string> = {
        valid: ohWriter,
        otherJurisdiction: await harness.token('board-ky', ['ky/aslp.write']),
        otherCompact: await harness.token('board-oh', ['oh/octp.write']),
        compactAdmin: await harness.token('compact-aslp', ['aslp/admin']),
        wrongAudience: await clientCredentialsToken(harness.cloud, 'board-oh', {
          scopes: ['oh/aslp.write'],
          audience: 'another-api',
        }),
        forged: await new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
          .setIssuer(issuer)
          .setAudience(licensingAudience)
          .setExpirationTime('1h')
          .sign(forgedKey),
        expired: await new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256' })
          .setIssuer(issuer)
          .setAudience(licensingAudience)
          .setIssuedAt(1_600_000_000)
          .setExpirationTime(1_600_003_600)
          .sign(forgedKey),
        algNone: new UnsecuredJWT(claims)
          .setIssuer(issuer)
          .setAudience(licensingAudience)
          .setExpirationTime('1h')
          .encode(),
        edited: `${header}.${Buffer.from(JSON.stringify({ ...widened, scope: 'ky/aslp.write oh/aslp.write' })).toString('base64url')}.${signature}`,
      };
      const token = fc.oneof(
        fc.constantFrom(...Object.keys(tokens)).map((kind) => tokens[kind]),
        fc.string(),
        fc
          .constantFrom(...Object.values(tokens))
          .chain((t) =>
            fc.nat(t.length - 1).map((i) => `${t.slice(0, i)}${t[i] === 'A' ? 'B' : 'A'}${t.slice(i + 1)}`),
          ),
        fc.constant(undefined),
      );
      const request = fc.record({
        method: fc.constantFrom('POST', 'GET', 'GET-upload'),
        jurisdiction: fc.constantFrom('oh', 'ky'),
        compact: fc.constantFrom('aslp', 'octp'),
        token,
        ssn: fc.integer({ min: 0, max: 9999 }),
      });
      // What each token may write: its board's jurisdiction in the compact of its scope; nothing for the others.
      const writableWith: Record<string, string> = {
        [tokens['valid']!]: 'aslp/oh',
        [tokens['otherJurisdiction']!]: 'aslp/ky',
        [tokens['otherCompact']!]: 'octp/oh',
      };
      const before = new Set(await writtenPlaces());
      const succeeded = new Set<string>();
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const base = `/v1/compacts/${r.compact}/jurisdictions/${r.jurisdiction}/licenses`;
          const licenseType = r.compact === 'aslp' ? 'audiologist' : 'occupational therapist';
          const answer =
            r.method === 'POST'
              ? await harness.api('POST', base, {
                  ...(r.token === undefined ? {} : { token: r.token }),
                  body: [sampleLicense(`556-00-${String(r.ssn).padStart(4, '0')}`, { licenseType })],
                })
              : await harness.api(
                  'GET',
                  r.method === 'GET'
                    ? `${base}/bulk-upload`
                    : `${base}/uploads/00000000-0000-4000-8000-000000000000`,
                  r.token === undefined ? {} : { token: r.token },
                );
          expect(answer.status).toBeLessThan(500);
          if (r.method === 'POST' && answer.status === 200) {
            const place = `${r.compact}/${r.jurisdiction}`;
            expect(writableWith[r.token ?? '']).toBe(place);
            succeeded.add(place);
          }
        }),
        { numRuns: RUNS },
      );
      // Nothing was written anywhere a token did not allow.
      const writable = new Set(Object.values(writableWith));
      for (const place of await writtenPlaces()) expect(writable.has(place) || before.has(place)).toBe(true);
      expect(succeeded.size).toBeGreaterThan(0);
    },
  );
});
