import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { ObjectStore, Table, createDocumentClient } from '@backend/persistence';
import type { S3ObjectEvent } from '@backend/platform';
import { licensesCsv, sampleLicense, startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  JurisdictionLeases,
  LicenseStore,
  UploadStore,
  deriveLicensingKeys,
  ingestUpload,
  licensingService,
  providerIdFor,
  providerPk,
  providersTable,
  uploadBucket,
  uploadsTable,
  type Progress,
} from '../../src/index.js';

// ingestUpload against the local cloud's DynamoDB and S3 (the service's resources, no functions): an attempt cut off
// by its deadline resumes after its last checkpoint.
let cloud: TestLocalCloud;
let s3: S3Client;
let deps: { licenses: LicenseStore; objects: ObjectStore; table: Table; uploadsTable: Table };
const keys = deriveLicensingKeys('ab'.repeat(32), '/test/licensing/data_key');

beforeAll(async () => {
  cloud = await startLocalCloud({ services: [{ ...licensingService, functions: [] }] });
  const client = createDocumentClient(cloud.clientConfig);
  s3 = new S3Client({ ...cloud.clientConfig, forcePathStyle: true });
  const table = new Table({ client, tableName: providersTable, partitionKey: 'pk', sortKey: 'sk' });
  const uploads = new Table({ client, tableName: uploadsTable, partitionKey: 'uploadId', sortKey: 'sk' });
  deps = {
    table,
    uploadsTable: uploads,
    licenses: new LicenseStore(table, keys, new JurisdictionLeases(uploads)),
    objects: new ObjectStore({ s3, bucket: uploadBucket }),
  };
});
afterEach(() => cloud.clearFaults());
afterAll(async () => {
  s3?.destroy();
  await cloud?.stop();
});

describe('ingestUpload', () => {
  it('resumes after its last checkpoint when an attempt is cut off, writing no row twice', async () => {
    const rows = Array.from({ length: 1200 }, (_v, i) =>
      sampleLicense(`410-00-${String(i).padStart(4, '0')}`),
    );
    const body = licensesCsv(rows);
    const key = `aslp/oh/${randomUUID()}`;
    await deps.objects.put(key, body);
    const event: S3ObjectEvent = {
      eventName: 'ObjectCreated:Put',
      eventTime: '2026-01-01T00:00:00.000Z',
      region: cloud.region,
      bucket: uploadBucket,
      key,
      size: Buffer.byteLength(body),
    };
    // The first attempt's deadline passes once the first 500 rows are checkpointed.
    const deadline = new AbortController();
    class CutOffUploads extends UploadStore {
      override async checkpoint(uploadId: string, progress: Progress) {
        await super.checkpoint(uploadId, progress);
        if (progress.row >= 500) deadline.abort();
      }
    }
    const first = ingestUpload(event, {
      ...deps,
      uploads: new CutOffUploads(deps.uploadsTable),
      batch: { deadline: deadline.signal },
    });
    await expect(first).rejects.toThrow();
    // The second attempt: every BatchWriteItem counted by a rule that never fires.
    await cloud.injectFault({
      target: 'dynamodb:BatchWriteItem',
      effect: { type: 'error', code: 'InternalServerError' },
      probability: 0,
    });
    const second = await ingestUpload(event, { ...deps, uploads: new UploadStore(deps.uploadsTable) });
    expect(second).toMatchObject({
      outcome: 'complete',
      counts: { rows: 1200, written: 1200, unchanged: 0, superseded: 0, invalid: 0 },
    });
    // 700 rows left: 2,100 items in 84 requests; the whole file would have taken 144.
    const [counter] = await cloud.faults();
    expect(counter!.matched).toBeGreaterThan(0);
    expect(counter!.matched).toBeLessThanOrEqual(90);
    const history = await deps.table.query({
      keyCondition: 'pk = :pk',
      values: {
        ':pk': providerPk('aslp', providerIdFor(keys, 'aslp', '410-00-0000')),
      },
      limit: 10,
    });
    expect(history.items.map((i) => i['type']).sort()).toEqual(['license', 'licenseUpdate', 'provider']);
  });
});
