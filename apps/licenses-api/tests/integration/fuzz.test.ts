import type { License } from '@backend/contracts';
import {
  dataKeyParameter,
  deriveLicensingKeys,
  licensingResourceNames,
  licensingRuntime,
  licensingService,
  providerIdFor,
} from '@backend/licensing';
import {
  albEvent,
  httpApiEvent,
  lambdaContext,
  sampleLicense,
  startLicensingHarness,
  type LicensingHarness,
} from '@backend/testing';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Property-based, 1,000 fuzzed bodies and 1,000 fuzzed tokens per route, the handler in process against the local
// cloud's DynamoDB (a request costs a few milliseconds), through API Gateway and ALB events alike. Whatever a caller
// sends: never a 5xx, every refusal in the error envelope (401 with its Bearer challenge), a token that does not
// verify always 401, nothing of a compact the token has no read scope in, no SSN without readSSN, and no name, SSN
// or date of birth in a log line. Tokens are signed here, by an issuer whose JWKS this test serves on 127.0.0.1, so
// that every way a token can be wrong (expired, not yet valid, another issuer or audience, `alg: none`, HS256, a
// key the issuer does not have, an edited payload) can be made.
const RUNS = 1000;
// A thousand requests take a few seconds, more on a loaded machine: room beyond the default 30 s per test.
const PROPERTY_TIMEOUT_MS = 120_000;
const AUDIENCE = licensingResourceNames.audience;
const FAMILY = 'Zyxwvut';
const DOB = '1977-07-07';
const SSN_PREFIX = '302-11-';

type Handler = (
  event: unknown,
  context: Context,
) => Promise<{
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body?: string;
}>;
let harness: LicensingHarness;
let handler: Handler;
let jwks: Server;
let issuer: string;
const signing: { rsa?: CryptoKey; ec?: CryptoKey; stranger?: CryptoKey } = {};
const ids: Record<'aslp' | 'octp', string[]> = { aslp: [], octp: [] };
const cursors: Record<'reader' | 'other', string> = { reader: '', other: '' };
let logs = '';

/** A token of this test's issuer: `claims` over sensible defaults (a valid reader of aslp). */
async function token(
  claims: Record<string, unknown> = {},
  how: 'rsa' | 'ec' | 'stranger' | 'none' | 'hs256' = 'rsa',
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: issuer,
    aud: AUDIENCE,
    sub: 'fuzz-client',
    exp: now + 600,
    iat: now,
    scope: 'aslp/readGeneral',
    ...claims,
  };
  for (const [name, value] of Object.entries(payload))
    if (value === undefined) delete (payload as Record<string, unknown>)[name];
  if (how === 'none') {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
  }
  if (how === 'hs256') {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', kid: 'fuzz-rs' })
      .sign(new TextEncoder().encode('a shared secret the issuer never had'));
  }
  const key = how === 'ec' ? signing.ec! : how === 'rsa' ? signing.rsa! : signing.stranger!;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: how === 'ec' ? 'ES256' : 'RS256', kid: how === 'ec' ? 'fuzz-es' : 'fuzz-rs' })
    .sign(key);
}

beforeAll(async () => {
  // The issuer's keys, served as a JWKS on 127.0.0.1; a stranger's key the issuer never published.
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  signing.rsa = rsa.privateKey;
  signing.ec = ec.privateKey;
  signing.stranger = (await generateKeyPair('RS256')).privateKey;
  const keys = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'fuzz-rs', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'fuzz-es', alg: 'ES256', use: 'sig' },
    ],
  };
  jwks = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;

  // No function deployed: the handler runs here, configured as the local cloud deploys it.
  harness = await startLicensingHarness({
    service: { ...licensingService, functions: [] },
    names: licensingResourceNames,
  });
  const declaration = licensingService.functions!.find((f) => f.app === 'licenses-api')!;
  Object.assign(process.env, declaration.environment, {
    JWT_ISSUER: issuer,
    JWT_AUDIENCE: AUDIENCE,
    AWS_ENDPOINT_URL: harness.cloud.endpoint,
    AWS_REGION: harness.cloud.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  ({ handler } = (await import('../../src/handler.js')) as unknown as { handler: Handler });

  // Providers of two compacts, written as the write side writes them.
  const dataKeys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
  const writer = await licensingRuntime()();
  for (const compact of ['aslp', 'octp'] as const) {
    const licenseType = compact === 'aslp' ? 'audiologist' : 'occupational therapist';
    const rows = Array.from({ length: 12 }, (_, i) => {
      const ssn = `${SSN_PREFIX}${compact === 'aslp' ? '1' : '2'}${String(i).padStart(3, '0')}`;
      ids[compact].push(providerIdFor(dataKeys, compact, ssn));
      const license = sampleLicense(ssn, { familyName: `${FAMILY}${i % 3}`, dateOfBirth: DOB, licenseType });
      return { row: i + 1, license: license as unknown as License };
    });
    await writer.licenses.upsert(rows, {
      compact,
      jurisdiction: 'oh',
      uploadId: `fuzz-${compact}`,
      dateOfUpdate: new Date().toISOString(),
    });
  }
  // Real cursors: one of the reader's query, one of another client's.
  const firstPage = async (sub: string) => {
    const answer = await send('POST', '/v1/compacts/aslp/providers/query', await token({ sub }), {
      jurisdiction: 'oh',
      pageSize: 2,
    });
    return (JSON.parse(answer.body ?? '{}') as { cursor: string }).cursor;
  };
  cursors.reader = await firstPage('fuzz-client');
  cursors.other = await firstPage('another-client');

  const capture = (chunk: string | Uint8Array) => {
    logs += chunk.toString();
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
}, 120_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await harness?.stop();
  await new Promise((resolve) => jwks?.close(resolve));
});

/** The statuses each route answered, so the suite can tell it reached every kind of answer. */
const answered = new Map<string, Set<number>>();
let viaAlb = false;
/** One request to the handler, alternately as API Gateway and as an ALB (with multi-value headers every 4th). */
async function send(
  method: string,
  path: string,
  bearer: string | undefined,
  body?: unknown,
  header?: string,
) {
  viaAlb = !viaAlb;
  const headers: Record<string, string> =
    header !== undefined
      ? { authorization: header }
      : bearer === undefined
        ? {}
        : { authorization: `Bearer ${bearer}` };
  const event = viaAlb
    ? albEvent({ method, path, headers, body, multiValueHeaders: Math.random() < 0.5 })
    : httpApiEvent({ routeKey: `${method} ${path}`, headers, body });
  const result = await handler(event, lambdaContext('local-licenses-api'));
  const route = `${method} ${path.split('/').slice(-1)[0] === 'query' || path.endsWith('/bulk') ? path.split('/').pop() : 'one'}`;
  answered.set(route, (answered.get(route) ?? new Set()).add(result.statusCode));
  const flat =
    result.headers ??
    Object.fromEntries(Object.entries(result.multiValueHeaders ?? {}).map(([k, v]) => [k, v.join(', ')]));
  return { status: result.statusCode, headers: flat, body: result.body };
}

/** What every answer holds to, whatever was sent; `scopes` are the scopes of a token that verified. */
function expectSafe(
  answer: Awaited<ReturnType<typeof send>>,
  compact: string,
  scopes: readonly string[] | undefined,
) {
  expect(answer.status).toBeLessThan(500);
  const body = JSON.parse(answer.body ?? '{}') as Record<string, unknown> & {
    error?: Record<string, unknown>;
  };
  if (answer.status >= 400) {
    expect(typeof body.error?.['code']).toBe('string');
    expect(typeof body.error?.['message']).toBe('string');
  }
  if (scopes === undefined) {
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer realm="licensing"/);
    return body;
  }
  expect(answer.status).not.toBe(401);
  if (answer.status === 200) {
    expect(scopes).toContain(`${compact}/readGeneral`);
    // Nothing of another compact, and the SSN only with readSSN for this one.
    const text = answer.body ?? '';
    for (const other of ['aslp', 'octp', 'coun'].filter((c) => c !== compact)) {
      expect(text).not.toContain(`"compact":"${other}"`);
      for (const id of ids[other as 'aslp' | 'octp'] ?? [])
        expect(text).not.toContain(`"providerId":"${id}"`);
    }
    if (!scopes.includes(`${compact}/readSSN`)) {
      expect(text).not.toContain(SSN_PREFIX);
      expect(text).not.toContain('"ssn"');
    }
  }
  return body;
}

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    ' ',
    'aslp',
    '..',
    '%',
    '%2F',
    '%00',
    'query',
    'bulk',
    '00000000-0000-4000-8000-000000000000',
  ),
);
const compactOf = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('aslp', 'octp') },
  { weight: 1, arbitrary: fc.oneof(fc.constant('coun'), text) },
);
// Arbitraries that draw from the seeded data are made once it is seeded.
const providerIdOf = () =>
  fc.oneof(
    fc.constantFrom(...ids.aslp, ...ids.octp),
    fc.uuid(),
    text,
    fc.constantFrom(
      'ABCDEF00-0000-4000-8000-000000000000',
      `${'a'.repeat(8)}-aaaa-aaaa-aaaa-${'a'.repeat(12)}`,
    ),
  );
/** Valid tokens of several clients: the scopes each verifies with. */
const SCOPE_SETS: readonly (readonly string[])[] = [
  ['aslp/readGeneral'],
  ['aslp/readGeneral', 'aslp/readSSN'],
  ['octp/readGeneral', 'octp/readSSN'],
  ['aslp/readSSN'],
  ['oh/aslp.write', 'oh/aslp.admin'],
  ['aslp/admin'],
  [],
];
const validToken = fc
  .constantFrom(...SCOPE_SETS)
  .chain((scopes) => fc.constantFrom<'rsa' | 'ec'>('rsa', 'ec').map((how) => ({ scopes, how })));

/** A token that may be wrong in any way, and whether it should verify (with which scopes). */
const fuzzedToken = fc
  .record({
    scopes: fc.oneof(fc.constantFrom(...SCOPE_SETS), fc.array(text, { maxLength: 3 })),
    how: fc.constantFrom<'rsa' | 'ec' | 'stranger' | 'none' | 'hs256'>(
      'rsa',
      'ec',
      'rsa',
      'stranger',
      'none',
      'hs256',
    ),
    iss: fc.constantFrom('issuer', 'other', 'missing'),
    aud: fc.constantFrom('ours', 'ours', 'other', 'both', 'missing'),
    exp: fc.constantFrom('future', 'future', 'past', 'missing', 'text'),
    nbf: fc.constantFrom('missing', 'missing', 'past', 'future'),
    edit: fc.constantFrom('none', 'none', 'flip', 'widen', 'truncate', 'garbage', 'header', 'basic'),
    flipAt: fc.nat(),
    garbage: fc.string(),
  })
  .map((t) => ({
    ...t,
    verifies:
      (t.how === 'rsa' || t.how === 'ec') &&
      t.iss === 'issuer' &&
      (t.aud === 'ours' || t.aud === 'both') &&
      t.exp === 'future' &&
      t.nbf !== 'future' &&
      t.edit === 'none',
  }));

type FuzzedToken = typeof fuzzedToken extends fc.Arbitrary<infer T> ? T : never;

/** The Authorization header of a fuzzed token. */
async function tokenOf(t: FuzzedToken) {
  const now = Math.floor(Date.now() / 1000);
  const raw = await token(
    {
      scope: t.scopes.join(' '),
      iss: t.iss === 'issuer' ? issuer : t.iss === 'other' ? 'https://issuer.invalid' : undefined,
      aud:
        t.aud === 'ours'
          ? AUDIENCE
          : t.aud === 'other'
            ? 'another-api'
            : t.aud === 'both'
              ? ['another-api', AUDIENCE]
              : undefined,
      exp:
        t.exp === 'future'
          ? now + 600
          : t.exp === 'past'
            ? now - 600
            : t.exp === 'text'
              ? 'tomorrow'
              : undefined,
      nbf: t.nbf === 'past' ? now - 60 : t.nbf === 'future' ? now + 600 : undefined,
    },
    t.how,
  );
  const [header, payload, signature] = raw.split('.') as [string, string, string];
  switch (t.edit) {
    case 'flip': {
      // A character of the signed part (header or payload): the signature no longer matches.
      const signed = `${header}.${payload}`;
      const i = t.flipAt % signed.length;
      const flipped = `${signed.slice(0, i)}${signed[i] === 'A' ? 'B' : 'A'}${signed.slice(i + 1)}`;
      return { header: `Bearer ${flipped}.${signature}` };
    }
    case 'widen': {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      const widened = Buffer.from(
        JSON.stringify({ ...claims, scope: 'aslp/readGeneral aslp/readSSN octp/readGeneral octp/readSSN' }),
      ).toString('base64url');
      return { header: `Bearer ${header}.${widened}.${signature}` };
    }
    case 'truncate':
      return { header: `Bearer ${raw.slice(0, t.flipAt % raw.length)}` };
    case 'garbage':
      return { header: `Bearer ${t.garbage}` };
    case 'header':
      return { header: t.garbage };
    case 'basic':
      return { header: `Basic ${Buffer.from('client:secret').toString('base64')}` };
    default:
      return { header: `Bearer ${raw}` };
  }
}

/** 1,000 fuzzed tokens on one request a reader of aslp could send: only the tokens that should verify get past 401. */
function fuzzTokens(method: string, path: string, body?: unknown) {
  return fc.assert(
    fc.asyncProperty(fuzzedToken, async (t) => {
      const { header } = await tokenOf(t);
      const answer = await send(method, path, undefined, body, header);
      expectSafe(answer, 'aslp', t.verifies ? t.scopes : undefined);
    }),
    { numRuns: RUNS },
  );
}

/** 1,000 fuzzed bodies to `…/providers/{action}` of a fuzzed compact, with valid tokens of several clients. */
function fuzzBodies(
  action: 'query' | 'bulk',
  bodies: fc.Arbitrary<unknown>,
  check: (
    answer: Awaited<ReturnType<typeof send>>,
    parsed: Record<string, unknown>,
    compact: string,
    body: unknown,
    scopes: readonly string[],
  ) => void,
) {
  return fc.assert(
    fc.asyncProperty(validToken, compactOf, bodies, async (t, compact, body) => {
      const bearer = await token({ scope: t.scopes.join(' ') }, t.how);
      const answer = await send('POST', `/v1/compacts/${compact}/providers/${action}`, bearer, body);
      check(answer, expectSafe(answer, compact, t.scopes), compact, body, t.scopes);
    }),
    { numRuns: RUNS },
  );
}

describe('fuzzed requests to the licensing read API (in process, the local cloud DynamoDB)', () => {
  it(`GET …/providers/{id}: ${RUNS} paths and ${RUNS} tokens`, { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(validToken, compactOf, providerIdOf(), async (t, compact, id) => {
        const answer = await send(
          'GET',
          `/v1/compacts/${compact}/providers/${id}`,
          await token({ scope: t.scopes.join(' ') }, t.how),
        );
        expectSafe(answer, compact, t.scopes);
        if (answer.status === 200) expect(ids[compact as 'aslp' | 'octp']).toContain(id);
      }),
      { numRuns: RUNS },
    );
    await fuzzTokens('GET', `/v1/compacts/aslp/providers/${ids.aslp[0]}`);
  });

  const queryBody = () =>
    fc.oneof(
      fc.record(
        {
          familyName: fc.oneof(fc.constantFrom(FAMILY, FAMILY.slice(0, 3), `${FAMILY}1`, 'zy', 'Z'), text),
          givenName: fc.oneof(fc.constantFrom('Jane', 'j'), text),
          jurisdiction: fc.oneof(fc.constantFrom('oh', 'ky', 'OH'), text),
          updatedAfter: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            text,
            fc.constant('2020-01-01T00:00:60Z'),
          ),
          updatedBefore: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            text,
          ),
          pageSize: fc.oneof(fc.integer({ min: -2, max: 102 }), fc.double(), text),
          cursor: fc.oneof(
            fc.constantFrom(cursors.reader, cursors.other),
            text,
            fc.constant(cursors.reader).map((c) => `${c.slice(0, 10)}A${c.slice(11)}`),
          ),
          ssn: fc.constant('302-11-1000'),
        },
        { requiredKeys: [] },
      ),
      fc.json(),
      fc.string(),
    );

  it(
    `POST …/providers/query: ${RUNS} bodies and ${RUNS} tokens`,
    { timeout: PROPERTY_TIMEOUT_MS },
    async () => {
      await fuzzBodies('query', queryBody(), (answer, parsed, compact) => {
        if (answer.status !== 200) return;
        for (const provider of parsed['providers'] as { compact: string }[])
          expect(provider.compact).toBe(compact);
      });
      await fuzzTokens('POST', '/v1/compacts/aslp/providers/query', { familyName: FAMILY });
    },
  );

  const bulkBody = () =>
    fc.oneof(
      { weight: 8, arbitrary: fc.record({ providerIds: fc.array(providerIdOf(), { maxLength: 8 }) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          providerIds: fc.array(fc.constantFrom(...ids.aslp, ...ids.octp), { minLength: 98, maxLength: 102 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc.json(),
          fc.string(),
          fc.record({ providerIds: fc.anything() }),
          fc.record({ providerIds: fc.array(fc.anything(), { maxLength: 3 }) }),
        ),
      },
    );

  it(
    `POST …/providers/bulk: ${RUNS} bodies and ${RUNS} tokens`,
    { timeout: PROPERTY_TIMEOUT_MS },
    async () => {
      await fuzzBodies('bulk', bulkBody(), (answer, parsed, compact, body, scopes) => {
        const asked = (body as { providerIds?: unknown } | null)?.providerIds;
        if (Array.isArray(asked) && asked.length > 100 && scopes.includes(`${compact}/readGeneral`)) {
          expect(answer.status).toBe(400);
        }
        if (answer.status === 200) {
          const unique = [...new Set(asked as string[])];
          const found = (parsed['providers'] as { providerId: string }[]).map((p) => p.providerId);
          expect([...found, ...(parsed['notFound'] as string[])].sort()).toEqual([...unique].sort());
          for (const id of found) expect(ids[compact as 'aslp' | 'octp']).toContain(id);
        }
      });
      await fuzzTokens('POST', '/v1/compacts/aslp/providers/bulk', { providerIds: ids.aslp.slice(0, 3) });
    },
  );

  it('reached every kind of answer on every route', () => {
    expect([...(answered.get('GET one') ?? [])].sort()).toEqual(expect.arrayContaining([200, 401, 403, 404]));
    expect([...(answered.get('POST query') ?? [])].sort()).toEqual(
      expect.arrayContaining([200, 400, 401, 403]),
    );
    expect([...(answered.get('POST bulk') ?? [])].sort()).toEqual(
      expect.arrayContaining([200, 400, 401, 403]),
    );
  });

  it('logged no name, SSN or date of birth, and did log the requests', () => {
    expect(logs).toContain('"message":"HTTP request"');
    for (const leak of [FAMILY, SSN_PREFIX, DOB]) expect(logs).not.toContain(leak);
  });
});
