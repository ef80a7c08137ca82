import {
  deriveLicensingKeys,
  JurisdictionLeases,
  licensingResourceNames,
  licensingService,
  providerIdFor,
  providerPk,
  uploadBucket,
  dataKeyParameter,
  uploadsTable,
} from '@backend/licensing';
import { Table } from '@backend/persistence';
import { sampleLicense, startLicensingHarness, type LicensingHarness } from '@backend/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The write API through the local cloud's HTTP API, with API Gateway's JWT authorizer and tokens of the local
// OAuth 2.0 issuer (client credentials), as a board's machine client calls it.
let harness: LicensingHarness;
let keys: ReturnType<typeof deriveLicensingKeys>;
let ohWriter: string;

const base = (compact = 'aslp', jurisdiction = 'oh') =>
  `/v1/compacts/${compact}/jurisdictions/${jurisdiction}/licenses`;

const license = (ssn: string, overrides: Record<string, unknown> = {}) => ({
  ...sampleLicense(ssn),
  dateOfBirth: '1980-01-01',
  ...overrides,
});

const itemsOf = (ssn: string, compact = 'aslp') =>
  harness.providerItems(providerPk(compact, providerIdFor(keys, compact, ssn)));

beforeAll(async () => {
  harness = await startLicensingHarness({
    service: licensingService,
    names: licensingResourceNames,
  });
  keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
  ohWriter = await harness.token('board-oh', ['oh/aslp.write']);
});

afterEach(() => harness.cloud.clearFaults());
afterAll(async () => {
  await harness.stop();
});

describe('POST …/licenses', () => {
  it('upserts up to 100 licenses and says how many changed', async () => {
    const body = [
      license('200-00-0001'),
      license('200-00-0002', { licenseType: 'speech-language pathologist' }),
    ];
    expect(await harness.api('POST', base(), { token: ohWriter, body })).toEqual({
      status: 200,
      body: { written: 2, unchanged: 0, superseded: 0 },
    });
    expect(await harness.api('POST', base(), { token: ohWriter, body })).toMatchObject({
      body: { written: 0, unchanged: 2 },
    });
    expect((await itemsOf('200-00-0001')).map((i) => i['type']).sort()).toEqual([
      'license',
      'licenseUpdate',
      'provider',
    ]);
  });

  it('answers every error by index and writes nothing of a request with errors', async () => {
    const body = [
      license('200-00-0010'),
      license('200-00-0011', { ssn: '200000011' }),
      { ...license('200-00-0012'), favouriteColour: 'blue' },
      license('200-00-0013', { licenseType: 'occupational therapist' }),
      license('200-00-0010'),
      license('200-00-0014', { givenName: '   ' }),
    ];
    const answer = await harness.api('POST', base(), { token: ohWriter, body });
    expect(answer).toEqual({
      status: 400,
      body: {
        error: { code: 'INVALID_LICENSES', message: '5 of 6 licenses are invalid; none was written' },
        errors: [
          { index: 1, field: 'ssn', message: expect.stringContaining('must match pattern') },
          { index: 2, field: 'favouriteColour', message: 'favouriteColour is not allowed' },
          { index: 3, field: 'licenseType', message: expect.stringContaining('in the aslp compact') },
          { index: 4, message: 'the same ssn and licenseType as index 0' },
          { index: 5, field: 'givenName', message: expect.stringContaining('must NOT have fewer than 1') },
        ],
      },
    });
    expect(JSON.stringify(answer)).not.toContain('200000011');
    expect(await itemsOf('200-00-0010')).toEqual([]);
  });

  it('answers 503 naming the licenses DynamoDB did not confirm, and a retry writes them once', async () => {
    await harness.cloud.injectFault({
      target: 'dynamodb:BatchWriteItem',
      effect: { type: 'error', code: 'InternalServerError' },
    });
    const body = [license('200-00-0050'), license('200-00-0051')];
    expect(await harness.api('POST', base(), { token: ohWriter, body })).toEqual({
      status: 503,
      body: {
        error: { code: 'PARTIALLY_WRITTEN', message: expect.stringContaining('send the request again') },
        notConfirmed: [0, 1],
      },
    });
    await harness.cloud.clearFaults();
    expect(await harness.api('POST', base(), { token: ohWriter, body })).toMatchObject({ status: 200 });
    expect((await itemsOf('200-00-0050')).filter((i) => i['type'] === 'licenseUpdate')).toHaveLength(1);
  });

  it('answers 429 JURISDICTION_BUSY, never a 5xx, while an upload holds the lease past its wait; then writes', async () => {
    // The test holds Ohio's lease, as an ingest stopped mid-batch by its timeout does until the lease expires (60 s).
    const leases = new JurisdictionLeases(
      new Table({ client: harness.dynamo, tableName: uploadsTable, partitionKey: 'uploadId', sortKey: 'sk' }),
    );
    let taken!: () => void;
    let release!: () => void;
    const isTaken = new Promise<void>((resolve) => (taken = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding = leases.withLease('aslp', 'oh', undefined, async () => {
      taken();
      await released;
    });
    await isTaken;
    const body = [license('200-00-0070')];
    expect(await harness.api('POST', base(), { token: ohWriter, body })).toMatchObject({
      status: 429,
      body: { error: { code: 'JURISDICTION_BUSY' } },
    });
    expect(await itemsOf('200-00-0070')).toEqual([]);
    release();
    await holding;
    expect(await harness.api('POST', base(), { token: ohWriter, body })).toMatchObject({ status: 200 });
    expect((await itemsOf('200-00-0070')).filter((i) => i['type'] === 'licenseUpdate')).toHaveLength(1);
  });

  it('answers 503 too when DynamoDB cannot read what is stored, writing nothing', async () => {
    await harness.cloud.injectFault({
      target: 'dynamodb:BatchGetItem',
      effect: { type: 'error', code: 'InternalServerError' },
    });
    const body = [license('200-00-0060')];
    expect(await harness.api('POST', base(), { token: ohWriter, body })).toMatchObject({
      status: 503,
      body: { error: { code: 'PARTIALLY_WRITTEN' }, notConfirmed: [0] },
    });
    expect(await itemsOf('200-00-0060')).toEqual([]);
  });

  it.each([
    ['not JSON', '[{', 'MALFORMED_JSON'],
    ['not an array', { ssn: '200-00-0020' }, 'NOT_AN_ARRAY'],
    ['an empty array', [], 'BAD_LICENSE_COUNT'],
    [
      '101 licenses',
      Array.from({ length: 101 }, (_v, i) => license(`201-00-${String(i).padStart(4, '0')}`)),
      'BAD_LICENSE_COUNT',
    ],
  ])('refuses %s with 400', async (_name, body, code) => {
    expect(await harness.api('POST', base(), { token: ohWriter, body })).toMatchObject({
      status: 400,
      body: { error: { code } },
    });
  });

  it('lets a board write only its own jurisdiction in a compact it holds a scope for', async () => {
    const body = [license('200-00-0030')];
    expect(await harness.api('POST', base('aslp', 'ky'), { token: ohWriter, body })).toMatchObject({
      status: 403,
      body: { error: { code: 'INSUFFICIENT_SCOPE' } },
    });
    expect(await harness.api('POST', base('octp', 'oh'), { token: ohWriter, body })).toMatchObject({
      status: 403,
    });
    expect(await harness.api('POST', base(), { body })).toEqual({
      status: 401,
      body: { message: 'Unauthorized' },
    });
    const admin = await harness.token('board-oh', ['oh/aslp.admin']);
    expect(await harness.api('POST', base(), { token: admin, body })).toMatchObject({ status: 200 });
    expect(await harness.api('POST', base('xx', 'oh'), { token: ohWriter, body })).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_COMPACT' } },
    });
    expect(await itemsOf('200-00-0030', 'octp')).toEqual([]);
  });
});

describe('bulk upload', () => {
  it('hands out a pre-signed POST for one CSV file, 1 byte to 30 MB, valid an hour, at {compact}/{jurisdiction}/{uuid}', async () => {
    const answer = await harness.api('GET', `${base()}/bulk-upload`, { token: ohWriter });
    expect(answer.status).toBe(200);
    const { upload } = answer.body as {
      upload: { uploadId: string; url: string; fields: Record<string, string>; expiresAt: string };
    };
    expect(upload.fields['key']).toBe(`aslp/oh/${upload.uploadId}`);
    expect(upload.url).toContain(uploadBucket);
    const policy = JSON.parse(Buffer.from(upload.fields['Policy']!, 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 30 * 1024 * 1024],
        ['eq', '$Content-Type', 'text/csv'],
      ]),
    );
    const hours = (Date.parse(policy.expiration) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(0.95);
    expect(hours).toBeLessThanOrEqual(1);
    const pending = await harness.api('GET', `${base()}/uploads/${upload.uploadId}`, { token: ohWriter });
    expect(pending).toMatchObject({ status: 200, body: { upload: { status: 'awaiting-file' }, errors: [] } });

    // The board's file lands at the key (the local S3 takes no POST form uploads; PutObject is the same event).
    const header =
      'ssn,givenName,familyName,dateOfIssuance,dateOfExpiration,dateOfBirth,homeAddressStreet1,homeAddressCity,homeAddressState,homeAddressPostalCode,licenseType,licenseStatus,compactEligibility';
    const good = Object.values(license('200-00-0040')).join(',');
    const bad = Object.values(license('200-00-0041', { dateOfBirth: 'yesterday' })).join(',');
    await harness.upload(upload.fields['key']!, `${header}\n${good}\n${bad}\n`);
    await harness.waitForUpload(upload.uploadId);
    expect(await harness.api('GET', `${base()}/uploads/${upload.uploadId}`, { token: ohWriter })).toEqual({
      status: 200,
      body: {
        upload: expect.objectContaining({
          status: 'complete',
          counts: { rows: 2, written: 1, unchanged: 0, superseded: 0, invalid: 1 },
        }),
        errors: [{ row: 2, line: 3, field: 'dateOfBirth', message: expect.stringContaining('format') }],
      },
    });
    // Another jurisdiction's board sees nothing of it, not even that it exists.
    const kyWriter = await harness.token('board-ky', ['ky/aslp.write']);
    expect(
      await harness.api('GET', `${base('aslp', 'ky')}/uploads/${upload.uploadId}`, { token: kyWriter }),
    ).toMatchObject({
      status: 404,
    });
    expect(
      await harness.api('GET', `${base()}/uploads/${upload.uploadId}`, { token: kyWriter }),
    ).toMatchObject({
      status: 403,
    });
    const compactAdmin = await harness.token('compact-aslp', ['aslp/admin']);
    expect(
      await harness.api('GET', `${base()}/uploads/${upload.uploadId}`, { token: compactAdmin }),
    ).toMatchObject({
      status: 200,
    });
  });
});
