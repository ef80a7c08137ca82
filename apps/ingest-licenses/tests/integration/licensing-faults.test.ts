import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import {
  dataKeyParameter,
  deriveLicensingKeys,
  historySk,
  ingestQueue,
  licenseSk,
  licensingResourceNames,
  licensingService,
  providerIdFor,
  providerPk,
  uploadBucket,
} from '@backend/licensing';
import { licensesCsv, sampleLicense, startLicensingHarness, type LicensingHarness } from '@backend/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The licensing ingest under the local cloud's injected faults (docs/local-cloud.md#fault-injection), in the fault
// suite of docs/reliability.md ("LF" there). Outcomes are checked from outside: the tables, the upload record, the
// DLQ, and the function's log lines for PII.
const FUNCTION = 'local-ingest-licenses';
let harness: LicensingHarness;
let keys: ReturnType<typeof deriveLicensingKeys>;

beforeAll(async () => {
  // A failed message comes back after the queue's visibility timeout: 5400 s in the declaration, 1 s here so the
  // redrive's five receives fit in a test.
  harness = await startLicensingHarness({
    service: licensingService,
    names: licensingResourceNames,
    visibilityTimeoutSeconds: { [ingestQueue]: 1 },
  });
  keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
});
afterEach(() => harness.cloud.clearFaults());
afterAll(() => harness?.stop());

/** `count` distinct licenses whose SSNs start with `prefix` (3 digits). */
const licenses = (prefix: string, count: number, overrides: Record<string, string> = {}) =>
  Array.from({ length: count }, (_v, i) =>
    sampleLicense(
      `${prefix}-${String(Math.floor(i / 10_000)).padStart(2, '0')}-${String(i % 10_000).padStart(4, '0')}`,
      overrides,
    ),
  );

async function upload(body: string, jurisdiction = 'oh') {
  const uploadId = randomUUID();
  await harness.upload(`aslp/${jurisdiction}/${uploadId}`, body);
  return uploadId;
}

const partition = (ssn: string) =>
  harness.providerItems(providerPk('aslp', providerIdFor(keys, 'aslp', ssn)));

async function fromDlq(predicate: (body: string) => boolean, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  const dlq = harness.cloud.queueUrl(`${ingestQueue}-dlq`);
  while (Date.now() < until) {
    const { Messages } = await harness.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlq,
        MaxNumberOfMessages: 10,
        // Messages this call does not look for return at once for the next look.
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const found = Messages?.find((m) => predicate(m.Body ?? ''));
    if (found) return found;
  }
  throw new Error('the message did not reach the DLQ in time');
}

function expectNoPii(values: readonly string[]) {
  const logs = harness.cloud.logs(FUNCTION).join('\n');
  for (const value of values) expect(logs).not.toContain(value);
}

describe('ingest-licenses under DynamoDB faults', () => {
  it(
    'writes every valid row exactly once while BatchWriteItem throttles and leaves items unprocessed',
    { timeout: 90_000 },
    async () => {
      const rows = licenses('301', 200);
      await harness.cloud.injectFault({
        target: 'dynamodb:BatchWriteItem',
        effect: { type: 'unprocessedItems', share: 0.5 },
        probability: 0.5,
        seed: 7,
      });
      await harness.cloud.injectFault({
        target: 'dynamodb:BatchWriteItem',
        effect: { type: 'error', code: 'ProvisionedThroughputExceededException' },
        times: 4,
      });
      await harness.cloud.injectFault({
        target: 'dynamodb:BatchGetItem',
        effect: { type: 'error', code: 'ThrottlingException' },
        times: 2,
      });
      const uploadId = await upload(licensesCsv(rows));
      const record = await harness.waitForUpload(uploadId, ['complete'], 60_000);
      expect(record['counts']).toEqual({ rows: 200, written: 200, unchanged: 0, superseded: 0, invalid: 0 });
      const fired = await harness.cloud.faults();
      expect(fired.every((rule) => rule.fired > 0)).toBe(true);
      // Exactly once: one provider, one license and one history entry per row, nothing else.
      const partitions = await Promise.all(rows.map((r) => partition(r['ssn']!)));
      expect(partitions.map((p) => p.map((i) => i['type']).sort())).toEqual(
        rows.map(() => ['license', 'licenseUpdate', 'provider']),
      );
      expectNoPii([rows[0]!['ssn']!, rows[0]!['givenName']!, rows[0]!['homeAddressStreet1']!]);
    },
  );

  it(
    'resumes a file whose writes failed past every retry without writing any row twice',
    { timeout: 60_000 },
    async () => {
      const rows = licenses('302', 150);
      // Every BatchWriteItem fails for a while: the first attempt gives up (the record notes why), the retried event
      // finds the rows written before and writes the rest.
      await harness.cloud.injectFault({
        target: 'dynamodb:BatchWriteItem',
        effect: { type: 'error', code: 'InternalServerError' },
        probability: 1,
        // More than every request of the first attempt can absorb with the SDK's 3 tries each (150 rows: 18 requests).
        times: 60,
      });
      const uploadId = await upload(licensesCsv(rows));
      const record = await harness.waitForUpload(uploadId, ['complete'], 60_000);
      expect(record['counts']).toMatchObject({ rows: 150, written: 150, invalid: 0 });
      expect(record['lastFailure']).toMatchObject({ code: 'WRITE_INCOMPLETE' });
      for (const r of [rows[0]!, rows[75]!, rows[149]!]) {
        expect((await partition(r['ssn']!)).map((i) => i['type']).sort()).toEqual([
          'license',
          'licenseUpdate',
          'provider',
        ]);
      }
    },
  );
});

describe('ingest-licenses when the file cannot be read', () => {
  it('retries an S3 GetObject that fails for a while, and ingests the file once it can be read', async () => {
    await harness.cloud.injectFault({
      target: 's3:GetObject',
      effect: { type: 'error', code: 'ServiceUnavailable' },
      times: 4,
    });
    const rows = licenses('303', 3);
    const uploadId = await upload(licensesCsv(rows));
    const record = await harness.waitForUpload(uploadId, ['complete'], 30_000);
    expect(record).toMatchObject({ counts: { written: 3 }, lastFailure: { code: 'FILE_UNREADABLE' } });
    expect((await harness.cloud.faults())[0]).toMatchObject({ fired: 4 });
  });

  it(
    'moves the event of a file that never reads to the DLQ after the redrive, its reason on the upload record',
    { timeout: 60_000 },
    async () => {
      await harness.cloud.injectFault({
        target: 's3:GetObject',
        effect: { type: 'error', code: 'InternalError' },
      });
      const uploadId = await upload(licensesCsv(licenses('304', 2)));
      const dead = await fromDlq((body) => body.includes(uploadId));
      expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(5);
      const record = await harness.waitForUpload(uploadId, ['processing']);
      expect(record['lastFailure']).toMatchObject({
        code: 'FILE_UNREADABLE',
        message: expect.stringContaining('could not be read'),
      });
      expect(await partition('304-00-0000')).toEqual([]);
    },
  );

  it(
    'moves a poison message (not an S3 event, or a key it never handed out) to the DLQ, body intact',
    { timeout: 60_000 },
    async () => {
      await harness.sendToIngestQueue('this is not an S3 event');
      const foreign = JSON.stringify({
        Records: [
          {
            eventVersion: '2.1',
            eventSource: 'aws:s3',
            awsRegion: 'us-east-1',
            eventTime: new Date().toISOString(),
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: uploadBucket }, object: { key: 'elsewhere/file.csv', size: 10 } },
          },
        ],
      });
      await harness.sendToIngestQueue(foreign);
      expect((await fromDlq((body) => body === 'this is not an S3 event')).Body).toBe(
        'this is not an S3 event',
      );
      expect((await fromDlq((body) => body.includes('elsewhere/file.csv'))).Body).toBe(foreign);
    },
  );
});

describe('ingest-licenses with two uploads at once', () => {
  it('keeps both updates of one provider: each jurisdiction its license, each upload its history entry', async () => {
    const ssn = '305-00-0001';
    const oh = [sampleLicense(ssn, { givenName: 'Ohio' })];
    const ky = [sampleLicense(ssn, { givenName: 'Kentucky', homeAddressState: 'KY' })];
    const [ohUpload, kyUpload, ohAgain] = await Promise.all([
      upload(licensesCsv(oh), 'oh'),
      upload(licensesCsv(ky), 'ky'),
      upload(licensesCsv([sampleLicense(ssn, { givenName: 'Ohio2' })]), 'oh'),
    ]);
    await Promise.all([ohUpload, kyUpload, ohAgain].map((id) => harness.waitForUpload(id, ['complete'])));
    const items = await partition(ssn);
    const licensesOf = items.filter((i) => i['type'] === 'license');
    expect(licensesOf.map((i) => i['sk']).sort()).toEqual([
      licenseSk('ky', 'audiologist'),
      licenseSk('oh', 'audiologist'),
    ]);
    const history = items.filter((i) => i['type'] === 'licenseUpdate');
    expect(history.map((h) => h['uploadId']).sort()).toEqual([ohUpload, kyUpload, ohAgain].sort());
    // The Ohio license holds the later of its two updates; the other is in its history.
    const ohHistory = history
      .filter((h) => h['jurisdiction'] === 'oh')
      .sort((a, b) => String(a['dateOfUpdate']).localeCompare(String(b['dateOfUpdate'])));
    const ohLicense = licensesOf.find((i) => i['jurisdiction'] === 'oh')!;
    expect(ohLicense['sk']).toBe(licenseSk('oh', 'audiologist'));
    expect(ohHistory.at(-1)!['sk']).toBe(
      historySk('oh', 'audiologist', String(ohLicense['dateOfUpdate']), String(ohLicense['uploadId'])),
    );
    expect(ohLicense['givenName']).toBe(ohHistory.at(-1)!['givenName']);
  });
});
