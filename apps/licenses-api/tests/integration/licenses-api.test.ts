import { licensingReadSchemas } from '@backend/contracts';
import {
  deriveLicensingKeys,
  dataKeyParameter,
  licensingResourceNames,
  licensingService,
  providerIdFor,
} from '@backend/licensing';
import {
  albEvent,
  lambdaContext,
  loadHttpFunction,
  sampleLicense,
  startLicensingHarness,
  type LicensingHarness,
} from '@backend/testing';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The read API as machine clients call it: through the local cloud's HTTP API (the deployed function verifies the
// local OAuth issuer's client-credentials tokens itself, no authorizer in front), and the same handler in process
// with the events an ALB sends. Data is written first through the write API, as boards write it.
let harness: LicensingHarness;
let ids: Record<'jane' | 'john' | 'ann' | 'otto', string>;
const tokens: Record<'reader' | 'ssnReader' | 'otherCompact' | 'board', string> = {
  reader: '',
  ssnReader: '',
  otherCompact: '',
  board: '',
};

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
for (const schema of licensingReadSchemas) ajv.addSchema(schema);
/** The answer satisfies the contract's schema (by `$id`). */
function expectSchema(id: string, body: unknown) {
  const validate = ajv.getSchema(id)!;
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

const providers = '/v1/compacts/aslp/providers';

/** A request through the HTTP API, with the response headers (the harness's `api` answers status and body). */
async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${harness.cloud.httpApiUrl}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown> & {
      error?: { code: string; message: string };
    },
  };
}

/** Licenses written through the write API, as a board writes them. */
async function write(compact: string, jurisdiction: string, token: string, licenses: unknown[]) {
  const answer = await harness.api('POST', `/v1/compacts/${compact}/jurisdictions/${jurisdiction}/licenses`, {
    token,
    body: licenses,
  });
  expect(answer.status).toBe(200);
}

beforeAll(async () => {
  harness = await startLicensingHarness({ service: licensingService, names: licensingResourceNames });
  const keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
  const ssns = { jane: '301-00-0001', john: '301-00-0002', ann: '301-00-0003', otto: '301-00-0004' };
  ids = {
    jane: providerIdFor(keys, 'aslp', ssns.jane),
    john: providerIdFor(keys, 'aslp', ssns.john),
    ann: providerIdFor(keys, 'aslp', ssns.ann),
    otto: providerIdFor(keys, 'octp', ssns.otto),
  };
  tokens.board = await harness.token('board-oh', ['oh/aslp.write', 'oh/octp.write']);
  const ohBody = [
    sampleLicense(ssns.jane),
    sampleLicense(ssns.john, { givenName: 'John' }),
    sampleLicense(ssns.ann, { givenName: 'Ann', familyName: 'Smith', dateOfExpiration: '2021-01-01' }),
  ];
  await write('aslp', 'oh', tokens.board, ohBody);
  // Jane's license changes once: one history entry more.
  const changed = [sampleLicense(ssns.jane, { homeAddressCity: 'Dayton' })];
  await write('aslp', 'oh', tokens.board, changed);
  const kyBoard = await harness.token('board-ky', ['ky/aslp.write']);
  const kyBody = [sampleLicense(ssns.jane, { homeAddressState: 'KY' })];
  await write('aslp', 'ky', kyBoard, kyBody);
  const octp = [
    sampleLicense(ssns.otto, { givenName: 'Otto', familyName: 'Doe', licenseType: 'occupational therapist' }),
  ];
  await write('octp', 'oh', tokens.board, octp);
  tokens.reader = await harness.token('reader-aslp');
  tokens.ssnReader = await harness.token('compact-aslp', ['aslp/readGeneral', 'aslp/readSSN']);
  tokens.otherCompact = await harness.token('reader-octp-ssn');
}, 120_000);

afterAll(() => harness?.stop());

describe('GET …/providers/{providerId}', () => {
  it('answers the provider, each license with its history, and the SSN last four digits only', async () => {
    const answer = await call('GET', `${providers}/${ids.jane}`, tokens.reader);
    expect(answer.status).toBe(200);
    expectSchema('licensing-provider.output.json', answer.body);
    expect(answer.body).toMatchObject({ providerId: ids.jane, compact: 'aslp', ssnLastFour: '0001' });
    expect(answer.body).not.toHaveProperty('ssn');
    const licenses = answer.body['licenses'] as Record<string, unknown>[];
    expect(licenses.map((l) => l['jurisdiction'])).toEqual(['ky', 'oh']);
    const oh = licenses[1]!;
    expect(oh).toMatchObject({ homeAddressCity: 'Dayton', licenseStatus: 'active' });
    expect((oh['history'] as Record<string, unknown>[]).map((h) => h['homeAddressCity'])).toEqual([
      'Columbus',
      'Dayton',
    ]);
    // Nothing of the storage shows: keys, hashes, the sealed SSN, upload rows.
    expect(JSON.stringify(answer.body)).not.toMatch(/"(pk|sk|ssnSealed|contentHash|uploadRow|sortName)"/);
  });

  it('answers the full SSN to a client with readSSN, and an expired license as inactive', async () => {
    expect((await call('GET', `${providers}/${ids.jane}`, tokens.ssnReader)).body).toMatchObject({
      ssn: '301-00-0001',
    });
    const ann = await call('GET', `${providers}/${ids.ann}`, tokens.reader);
    expect(ann.body['licenses']).toMatchObject([
      { licenseStatus: 'inactive', compactEligibility: 'ineligible' },
    ]);
  });

  it('answers 404 for an unknown or malformed id, and reads nothing of another compact', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', ids.otto]) {
      const answer = await call('GET', `${providers}/${id}`, tokens.reader);
      expect(answer.status).toBe(404);
      expect(answer.body.error?.code).toBe('PROVIDER_NOT_FOUND');
    }
    // octp's reader asking for aslp data: 403 before any read, the same for a provider that exists and one that does not.
    const existing = await call('GET', `${providers}/${ids.jane}`, tokens.otherCompact);
    const missing = await call(
      'GET',
      `${providers}/00000000-0000-4000-8000-000000000000`,
      tokens.otherCompact,
    );
    expect(existing.status).toBe(403);
    expect(existing.body).toEqual(missing.body);
    expect(existing.headers.get('www-authenticate')).toBe(
      'Bearer realm="licensing", error="insufficient_scope", scope="aslp/readGeneral"',
    );
    // A board's write token is not a read token.
    expect((await call('GET', `${providers}/${ids.jane}`, tokens.board)).status).toBe(403);
    expect((await call('GET', `/v1/compacts/nope/providers/${ids.jane}`, tokens.reader)).status).toBe(404);
  });

  it('answers 401 with a Bearer challenge without a token, or with one that does not verify', async () => {
    const missing = await call('GET', `${providers}/${ids.jane}`, undefined);
    expect(missing.status).toBe(401);
    expect(missing.body.error?.code).toBe('MISSING_TOKEN');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="licensing"');
    const forged = await new SignJWT({ scope: 'aslp/readGeneral aslp/readSSN' })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer(harness.cloud.oauthIssuerUrl)
      .setAudience(licensingResourceNames.audience)
      .setExpirationTime('1h')
      .sign((await generateKeyPair('RS256')).privateKey);
    const refused = await call('GET', `${providers}/${ids.jane}`, forged);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="licensing", error="invalid_token"');
  });
});

describe('POST …/providers/query', () => {
  it('finds providers by a family name prefix, or a family name and a given name prefix', async () => {
    const byFamily = await call('POST', `${providers}/query`, tokens.reader, { familyName: 'DO' });
    expect(byFamily.status).toBe(200);
    expectSchema('licensing-provider-page.output.json', byFamily.body);
    const found = byFamily.body['providers'] as { providerId: string; licenses: unknown[] }[];
    expect(found.map((p) => p.providerId).sort()).toEqual([ids.jane, ids.john].sort());
    expect(found.find((p) => p.providerId === ids.jane)?.licenses).toHaveLength(2);
    expect(JSON.stringify(byFamily.body)).not.toContain('"ssn"');
    const jane = await call('POST', `${providers}/query`, tokens.ssnReader, {
      familyName: 'doe',
      givenName: 'ja',
    });
    expect((jane.body['providers'] as { providerId: string }[]).map((p) => p.providerId)).toEqual([ids.jane]);
    // Even with readSSN, a query shows the last four digits only.
    expect(JSON.stringify(jane.body)).not.toContain('301-00-0001');
    const kyDoes = await call('POST', `${providers}/query`, tokens.reader, {
      familyName: 'doe',
      jurisdiction: 'ky',
    });
    expect(kyDoes.body['providers']).toMatchObject([
      { providerId: ids.jane, licenses: [{ jurisdiction: 'ky' }] },
    ]);
  });

  it('finds licenses by jurisdiction and date of update', async () => {
    const ky = await call('POST', `${providers}/query`, tokens.reader, { jurisdiction: 'ky' });
    expect(ky.body['providers']).toMatchObject([{ providerId: ids.jane }]);
    const future = await call('POST', `${providers}/query`, tokens.reader, {
      jurisdiction: 'oh',
      updatedAfter: '2999-01-01T00:00:00+01:00',
    });
    expect(future.body).toEqual({ providers: [] });
    const past = await call('POST', `${providers}/query`, tokens.reader, {
      jurisdiction: 'oh',
      updatedAfter: '2020-01-01T00:00:00Z',
      updatedBefore: '2999-01-01T00:00:00Z',
    });
    expect((past.body['providers'] as unknown[]).length).toBe(3);
  });

  it('pages with a cursor bound to the query and the client', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let first: string | undefined;
    do {
      const page = await call('POST', `${providers}/query`, tokens.reader, {
        jurisdiction: 'oh',
        pageSize: 1,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(page.status).toBe(200);
      seen.push(...(page.body['providers'] as { providerId: string }[]).map((p) => p.providerId));
      cursor = page.body['cursor'] as string | undefined;
      first ??= cursor;
    } while (cursor !== undefined);
    expect(seen.sort()).toEqual([ids.jane, ids.john, ids.ann].sort());
    const otherClient = await call('POST', `${providers}/query`, tokens.ssnReader, {
      jurisdiction: 'oh',
      pageSize: 1,
      cursor: first,
    });
    expect(otherClient.status).toBe(400);
    expect(otherClient.body.error?.code).toBe('INVALID_CURSOR');
    const otherQuery = await call('POST', `${providers}/query`, tokens.reader, {
      jurisdiction: 'ky',
      pageSize: 1,
      cursor: first,
    });
    expect(otherQuery.body.error?.code).toBe('INVALID_CURSOR');
  });

  it('refuses a query without a name or jurisdiction, unknown fields and oversized pages with 400', async () => {
    for (const body of [
      {},
      { givenName: 'jane' },
      { familyName: 'doe', ssn: '301-00-0001' },
      { jurisdiction: 'oh', pageSize: 101 },
      { jurisdiction: 'zz' },
      '[',
      [],
    ]) {
      const answer = await call('POST', `${providers}/query`, tokens.reader, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(typeof answer.body.error?.message).toBe('string');
    }
  });
});

describe('POST …/providers/bulk', () => {
  it('answers the providers found, once each, in the order asked, and lists the ids not found', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const answer = await call('POST', `${providers}/bulk`, tokens.ssnReader, {
      providerIds: [ids.john, unknown, ids.jane, ids.john, ids.otto],
    });
    expect(answer.status).toBe(200);
    expectSchema('licensing-bulk-providers.output.json', answer.body);
    expect(answer.body).toEqual({
      providers: [
        {
          providerId: ids.john,
          compact: 'aslp',
          ssnLastFour: '0002',
          ssn: '301-00-0002',
          createdAt: expect.any(String),
        },
        {
          providerId: ids.jane,
          compact: 'aslp',
          ssnLastFour: '0001',
          ssn: '301-00-0001',
          createdAt: expect.any(String),
        },
      ],
      // Otto is a provider of octp: in aslp, not found.
      notFound: [unknown, ids.otto],
    });
    const lastFour = await call('POST', `${providers}/bulk`, tokens.reader, { providerIds: [ids.jane] });
    expect(lastFour.body['providers']).toEqual([expect.not.objectContaining({ ssn: expect.anything() })]);
  });

  it('refuses more than 100 ids and malformed ids with 400, naming the field', async () => {
    const many = await call('POST', `${providers}/bulk`, tokens.reader, {
      providerIds: Array.from({ length: 101 }, () => ids.jane),
    });
    expect(many.status).toBe(400);
    expect(many.body.error).toMatchObject({ code: 'TOO_MANY_PROVIDER_IDS', field: 'providerIds' });
    const malformed = await call('POST', `${providers}/bulk`, tokens.reader, {
      providerIds: [ids.jane, 'JANE'],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ field: 'providerIds.1' });
    expect((await call('POST', `${providers}/bulk`, tokens.reader, { providerIds: [] })).status).toBe(400);
  });
});

describe('the same handler behind an ALB', () => {
  let handler: (event: ALBEvent, context: Context) => Promise<ALBResult>;
  beforeAll(async () => {
    const declaration = licensingService.functions!.find((f) => f.app === 'licenses-api')!;
    await loadHttpFunction(harness.cloud, declaration, async () => {
      const module = (await import('../../src/handler.js')) as unknown as { handler: typeof handler };
      handler = module.handler;
      return module as never;
    });
  });

  it('answers single-value and multi-value header events in their own shape', async () => {
    const single = await handler(
      albEvent({
        method: 'GET',
        path: `${providers}/${ids.jane}`,
        headers: { Authorization: `Bearer ${tokens.reader}` },
      }),
      lambdaContext('local-licenses-api'),
    );
    expect(single).toMatchObject({ statusCode: 200, statusDescription: '200 OK' });
    expect(single.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(single.body ?? '')).toMatchObject({ providerId: ids.jane });

    const multi = await handler(
      albEvent({
        method: 'POST',
        path: `${providers}/bulk`,
        headers: { authorization: `Bearer ${tokens.ssnReader}` },
        body: { providerIds: [ids.ann] },
        multiValueHeaders: true,
      }),
      lambdaContext('local-licenses-api'),
    );
    expect(multi.statusCode).toBe(200);
    expect(multi.multiValueHeaders?.['content-type']).toEqual(['application/json']);
    expect(JSON.parse(multi.body ?? '')).toMatchObject({ providers: [{ ssn: '301-00-0003' }] });

    const challenge = await handler(
      albEvent({ method: 'GET', path: `${providers}/${ids.jane}`, multiValueHeaders: true }),
      lambdaContext('local-licenses-api'),
    );
    expect(challenge.statusCode).toBe(401);
    expect(challenge.multiValueHeaders?.['www-authenticate']).toEqual(['Bearer realm="licensing"']);
    // A route the ALB forwards but the API does not have.
    const other = await handler(
      albEvent({
        method: 'DELETE',
        path: `${providers}/${ids.jane}`,
        headers: { authorization: `Bearer ${tokens.reader}` },
      }),
      lambdaContext('local-licenses-api'),
    );
    expect(other.statusCode).toBe(404);
  });
});

describe('licensing read API under DynamoDB faults (the fault suite\'s "RF" rows)', () => {
  // 100 providers more, written as a board writes them; a read is safe to repeat, so a client gets its answer or
  // a 503 with Retry-After, never a 500.
  let hundred: string[];
  beforeAll(async () => {
    const keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
    const ssns = Array.from({ length: 100 }, (_, i) => `303-00-${String(i).padStart(4, '0')}`);
    hundred = ssns.map((ssn) => providerIdFor(keys, 'aslp', ssn));
    await write(
      'aslp',
      'oh',
      tokens.board,
      ssns.map((ssn) => sampleLicense(ssn)),
    );
  });
  afterEach(() => harness.cloud.clearFaults());

  /** A bulk read of the 100 providers, with the answer's Retry-After. */
  const readAll = async () => {
    const response = await fetch(`${harness.cloud.httpApiUrl}${providers}/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.reader}`, 'content-type': 'application/json' },
      body: JSON.stringify({ providerIds: hundred }),
    });
    const body = (await response.json()) as {
      providers?: { providerId: string }[];
      notFound?: string[];
      error?: { code: string };
    };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
  };

  it('completes a bulk read whose BatchGetItem leaves keys unprocessed, resending them with back-off', async () => {
    await harness.cloud.injectFault({
      target: 'dynamodb:BatchGetItem',
      effect: { type: 'unprocessedKeys', share: 0.5 },
      times: 3,
    });
    const answer = await readAll();
    expect(answer.status).toBe(200);
    expect(answer.body.providers?.map((p) => p.providerId).sort()).toEqual([...hundred].sort());
    expect(answer.body.notFound).toEqual([]);
    // Three partial answers, then the rest: four requests at least, every key read once.
    expect((await harness.cloud.faults())[0]).toMatchObject({ fired: 3 });
    expect((await harness.cloud.faults())[0]!.matched).toBeGreaterThanOrEqual(4);
  });

  it('answers 503 with Retry-After when keys stay unprocessed past the retries, and the same read later succeeds', async () => {
    await harness.cloud.injectFault({
      target: 'dynamodb:BatchGetItem',
      effect: { type: 'unprocessedKeys', share: 0.5 },
    });
    const answer = await readAll();
    expect(answer).toMatchObject({
      status: 503,
      retryAfter: '1',
      body: { error: { code: 'SERVICE_UNAVAILABLE' } },
    });
    await harness.cloud.clearFaults();
    expect((await readAll()).body.providers).toHaveLength(100);
  });

  it('absorbs brief throttling of a read (the SDK retries)', async () => {
    await harness.cloud.injectFault({
      target: 'dynamodb:Query',
      effect: { type: 'error', code: 'ThrottlingException' },
      times: 2,
    });
    const one = await harness.api('GET', `/v1/compacts/aslp/providers/${hundred[0]}`, {
      token: tokens.reader,
    });
    expect(one.status).toBe(200);
    expect((await harness.cloud.faults())[0]).toMatchObject({ fired: 2 });
  });

  it('answers 503 with Retry-After, never 500, while DynamoDB throttles every query', async () => {
    await harness.cloud.injectFault({
      target: 'dynamodb:Query',
      effect: { type: 'error', code: 'ProvisionedThroughputExceededException' },
    });
    const one = await fetch(`${harness.cloud.httpApiUrl}/v1/compacts/aslp/providers/${hundred[0]}`, {
      headers: { authorization: `Bearer ${tokens.reader}` },
    });
    expect(one.status).toBe(503);
    expect(one.headers.get('retry-after')).toBe('1');
    expect(await one.json()).toEqual({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'providers cannot be read right now; retry the request',
      },
    });
    await harness.cloud.clearFaults();
    expect(
      (await harness.api('GET', `/v1/compacts/aslp/providers/${hundred[0]}`, { token: tokens.reader }))
        .status,
    ).toBe(200);
  });
});
