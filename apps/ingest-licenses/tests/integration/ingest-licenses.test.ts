import { randomUUID } from 'node:crypto';
import {
  dataKeyParameter,
  deriveLicensingKeys,
  licensingResourceNames,
  licensingService,
  openSsn,
  providerIdFor,
  providerPk,
  uploadBucket,
  uploadsTable,
} from '@backend/licensing';
import { sampleLicense, startLicensingHarness, type LicensingHarness } from '@backend/testing';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A board's CSV file through the local cloud as in AWS: PutObject -> S3 notification -> SQS -> ingest-licenses ->
// DynamoDB, the outcome read back from the tables.
let harness: LicensingHarness;
let keys: ReturnType<typeof deriveLicensingKeys>;

const COLUMNS = Object.keys(sampleLicense(''));
const HEADER = COLUMNS.join(',');
const row = (ssn: string, given = 'Jane', overrides: Partial<Record<string, string>> = {}) => {
  const values: Record<string, string | undefined> = {
    ...sampleLicense(ssn, { givenName: given }),
    ...overrides,
  };
  return COLUMNS.map((column) => values[column]).join(',');
};
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`;

async function ingest(body: string | Uint8Array, jurisdiction = 'oh', compact = 'aslp') {
  const uploadId = randomUUID();
  await harness.upload(`${compact}/${jurisdiction}/${uploadId}`, body);
  const record = await harness.waitForUpload(uploadId);
  return { uploadId, record };
}

const rowErrors = async (uploadId: string) =>
  (
    await harness.dynamo.send(
      new QueryCommand({
        TableName: uploadsTable,
        KeyConditionExpression: 'uploadId = :id AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':id': uploadId, ':e': 'ERROR#' },
      }),
    )
  ).Items?.map(({ row, line, field, message }) =>
    field === undefined ? { row, line, message } : { row, line, field, message },
  );

const historyOf = async (ssn: string) =>
  (await harness.providerItems(providerPk('aslp', providerIdFor(keys, 'aslp', ssn)))).filter(
    (item) => item['type'] === 'licenseUpdate',
  );

/** An S3 event notification as S3 sends it to the queue. */
const s3Event = (key: string, size: number, eventTime = new Date().toISOString()) =>
  JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime,
        eventName: 'ObjectCreated:Put',
        s3: { s3SchemaVersion: '1.0', bucket: { name: uploadBucket }, object: { key, size } },
      },
    ],
  });

const batchesProcessed = () =>
  harness.cloud
    .logs('local-ingest-licenses')
    .filter((line) => line.includes('"message":"SQS batch processed"')).length;

async function waitForBatches(count: number) {
  for (let i = 0; i < 400 && batchesProcessed() < count; i++) await sleep(25);
  expect(batchesProcessed()).toBeGreaterThanOrEqual(count);
}

beforeAll(async () => {
  harness = await startLicensingHarness({
    service: licensingService,
    names: licensingResourceNames,
  });
  keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
});

afterAll(async () => {
  await harness.stop();
});

describe('ingest-licenses', () => {
  it('upserts every valid row, seals the SSN and keeps it out of every key, and records the counts', async () => {
    const { record } = await ingest(csv(row('100-00-0001'), row('100-00-0002', 'John')));
    expect(record).toMatchObject({
      status: 'complete',
      counts: { rows: 2, written: 2, unchanged: 0, superseded: 0, invalid: 0 },
    });
    const providerId = providerIdFor(keys, 'aslp', '100-00-0001');
    const items = await harness.providerItems(providerPk('aslp', providerId));
    expect(items.map((item) => item['type']).sort()).toEqual(['license', 'licenseUpdate', 'provider']);
    const provider = items.find((item) => item['type'] === 'provider')!;
    expect(provider).toMatchObject({ ssnLastFour: '0001', compact: 'aslp', providerId });
    expect(items.find((item) => item['type'] === 'license')).toMatchObject({
      givenName: 'Jane',
      jurisdiction: 'oh',
    });
    expect(openSsn(keys, providerId, provider['ssnSealed'] as Uint8Array)).toBe('100-00-0001');
    // The SSN appears nowhere in plaintext: not in a key, not in an attribute.
    const everything = JSON.stringify(await harness.providerItems());
    expect(everything).not.toContain('100-00-0001');
    expect(everything).not.toContain('100000001');
  });

  it('updates a re-uploaded license in place: the same content adds no history, a change adds one entry', async () => {
    const ssn = '100-00-0010';
    await ingest(csv(row(ssn)));
    const again = await ingest(csv(row(ssn)));
    expect(again.record['counts']).toMatchObject({ written: 0, unchanged: 1 });
    expect(await historyOf(ssn)).toHaveLength(1);
    const changed = await ingest(csv(row(ssn, 'Janet')));
    expect(changed.record['counts']).toMatchObject({ written: 1, unchanged: 0 });
    const items = await harness.providerItems(providerPk('aslp', providerIdFor(keys, 'aslp', ssn)));
    expect(items.filter((i) => i['type'] === 'license')).toEqual([
      expect.objectContaining({ givenName: 'Janet', uploadId: changed.uploadId }),
    ]);
    expect((await historyOf(ssn)).map((h) => h['givenName'])).toEqual(['Jane', 'Janet']);
  });

  it('does not ingest a file twice when its event is delivered again', async () => {
    const ssn = '100-00-0020';
    const body = csv(row(ssn), row('100-00-0021'));
    const { uploadId, record } = await ingest(body);
    const before = batchesProcessed();
    await harness.sendToIngestQueue(
      s3Event(`aslp/oh/${uploadId}`, body.length, record['receivedAt'] as string),
    );
    await waitForBatches(before + 1);
    const after = await harness.waitForUpload(uploadId);
    expect(after).toEqual(record);
    expect(await historyOf(ssn)).toHaveLength(1);
  });

  it('records every bad row with its row, line and field, never its value, and writes the good ones', async () => {
    const { uploadId, record } = await ingest(
      csv(
        row('100-00-0030'),
        row('1000-0031'),
        row('100-00-0032', 'Jane', { licenseStatus: 'inactive' }),
        row('100-00-0033', 'Jane', { licenseType: 'occupational therapist' }),
        row('100-00-0034', '"=HYPERLINK(""http://x"")"'),
        `${row('100-00-0035')},extra`,
        row('100-00-0030', 'Second'),
        row('100-00-0036', 'Jane', { dateOfBirth: '31/12/1980' }),
      ),
    );
    expect(record).toMatchObject({
      status: 'complete',
      counts: { rows: 8, written: 1, invalid: 7 },
    });
    const errors = await rowErrors(uploadId);
    expect(errors).toEqual([
      { row: 2, line: 3, field: 'ssn', message: expect.stringContaining('ssn must match pattern') },
      {
        row: 3,
        line: 4,
        field: 'compactEligibility',
        message: 'compactEligibility must be ineligible when licenseStatus is inactive',
      },
      { row: 4, line: 5, field: 'licenseType', message: expect.stringContaining('in the aslp compact') },
      { row: 5, line: 6, field: 'givenName', message: 'givenName must not start like a spreadsheet formula' },
      { row: 6, line: 7, message: 'the row has 14 cells; the header has 13' },
      { row: 7, line: 8, message: 'the same ssn and licenseType as row 1; the first is kept' },
      {
        row: 8,
        line: 9,
        field: 'dateOfBirth',
        message: expect.stringContaining('dateOfBirth must match format'),
      },
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/1000-0031|HYPERLINK|31\/12/);
    // The first of the duplicate rows is the one kept.
    const kept = await harness.providerItems(providerPk('aslp', providerIdFor(keys, 'aslp', '100-00-0030')));
    expect(kept.find((i) => i['type'] === 'license')).toMatchObject({ givenName: 'Jane' });
  });

  it('trims cells, reads empty cells as absent, and drops a UTF-8 BOM', async () => {
    const header = `${HEADER},middleName,npi`;
    const body = `\uFEFF${header}\n  100-00-0040 ,${row('x').split(',').slice(1).join(',')},, 1234567890 \n`;
    const { record } = await ingest(body);
    expect(record['counts']).toMatchObject({ written: 1, invalid: 0 });
    const items = await harness.providerItems(providerPk('aslp', providerIdFor(keys, 'aslp', '100-00-0040')));
    const license = items.find((i) => i['type'] === 'license')!;
    expect(license['npi']).toBe('1234567890');
    expect(license).not.toHaveProperty('middleName');
  });

  it.each([
    [
      'a header with an unknown column',
      csv(row('1')).replace('ssn,', 'socialSecurity,'),
      'UNKNOWN_COLUMNS',
      1,
    ],
    ['a header without a required column', `givenName\nJane\n`, 'MISSING_COLUMNS', 1],
    [
      'a Latin-1 file',
      Buffer.from(csv(row('100-00-0050'), row('100-00-0051', 'Jos\u00e9')), 'latin1'),
      'FILE_NOT_UTF8',
      3,
    ],
    ['a UTF-16 file', Buffer.from(`\uFEFF${csv(row('100-00-0052'))}`, 'utf16le'), 'FILE_NOT_UTF8', 1],
    ['an empty file', '', 'EMPTY_FILE', undefined],
    ['a quote never closed', csv(row('100-00-0053'), row('100-00-0054', '"Jane')), 'MALFORMED_CSV', 3],
  ])(
    'rejects %s with the reason and its line, keeping the rows before it',
    async (_name, body, code, line) => {
      const { record } = await ingest(body);
      expect(record).toMatchObject({ status: 'rejected', fileError: { code } });
      expect((record['fileError'] as { line?: number }).line).toBe(line);
      if (code === 'FILE_NOT_UTF8' && line === 3) expect(record['counts']).toMatchObject({ written: 1 });
    },
  );

  it('ingests the sample files as samples/README.md says', async () => {
    const samples = join(import.meta.dirname, '../../../../samples');
    const valid = await ingest(readFileSync(join(samples, 'licenses-valid.csv')));
    expect(valid.record).toMatchObject({
      status: 'complete',
      counts: { rows: 4, written: 4, invalid: 0 },
    });
    expect(await rowErrors(valid.uploadId)).toEqual([]);
    const withErrors = await ingest(readFileSync(join(samples, 'licenses-with-errors.csv')));
    expect(withErrors.record).toMatchObject({
      status: 'complete',
      counts: { rows: 10, written: 1, invalid: 9 },
    });
    const errors = await rowErrors(withErrors.uploadId);
    expect(errors?.map((e) => [e.row, e.field])).toEqual([
      [2, 'ssn'],
      [3, 'compactEligibility'],
      [4, 'licenseType'],
      [5, 'givenName'],
      [6, undefined],
      [7, undefined],
      [8, 'dateOfBirth'],
      [9, 'givenName'],
      [10, 'phoneNumber'],
    ]);
  });

  it('rejects a file over 30 MB from its size in the event, without reading it', async () => {
    const uploadId = randomUUID();
    const before = batchesProcessed();
    await harness.sendToIngestQueue(s3Event(`aslp/oh/${uploadId}`, 31 * 1024 * 1024));
    await waitForBatches(before + 1);
    const record = await harness.waitForUpload(uploadId);
    expect(record).toMatchObject({ status: 'rejected', fileError: { code: 'FILE_TOO_LARGE' } });
  });
});
