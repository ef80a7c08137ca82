import { randomBytes } from 'node:crypto';
import { Table, createDocumentClient } from '@backend/persistence';
import { sampleLicense, startLocalCloud, type TestLocalCloud } from '@backend/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  LicensesNotWrittenError,
  LicenseStore,
  deriveLicensingKeys,
  licenseSk,
  licensingService,
  providerIdFor,
  providerPk,
  providersTable,
  uploadsTable,
  JurisdictionLeases,
} from '../../src/index.js';
import type { License } from '@backend/contracts';

// The store against the local cloud's DynamoDB (the service's tables only): concurrent writers and failures.
let cloud: TestLocalCloud;
let store: LicenseStore;
let table: Table;
const keys = deriveLicensingKeys(randomBytes(32).toString('hex'), '/test/licensing/data_key');

beforeAll(async () => {
  cloud = await startLocalCloud({
    services: [{ service: 'licensing-tables', tables: licensingService.tables }],
  });
  const client = createDocumentClient(cloud.clientConfig);
  table = new Table({
    client,
    tableName: providersTable,
    partitionKey: 'pk',
    sortKey: 'sk',
  });
  const uploads = new Table({ client, tableName: uploadsTable, partitionKey: 'uploadId', sortKey: 'sk' });
  store = new LicenseStore(table, keys, new JurisdictionLeases(uploads));
});
afterEach(() => cloud.clearFaults());
afterAll(() => cloud?.stop());

const license = (ssn: string, overrides: Record<string, string> = {}) =>
  sampleLicense(ssn, overrides) as License;
const context = (uploadId: string, dateOfUpdate: string) => ({
  compact: 'aslp' as const,
  jurisdiction: 'oh',
  uploadId,
  dateOfUpdate,
});

describe('LicenseStore against the local cloud', () => {
  it('leaves the newest of many concurrent reports of one license, and every report in its history', async () => {
    const ssn = '400-00-0001';
    const times = [3, 7, 1, 9, 5, 2, 8, 4, 6, 0];
    const outcomes = await Promise.all(
      times.map((t) =>
        store.upsert(
          [{ row: 1, license: license(ssn, { givenName: `Report${t}` }) }],
          context(`upload-${t}`, `2026-01-01T00:00:0${t}.000Z`),
        ),
      ),
    );
    expect(outcomes.reduce((n, o) => n + o.written + o.superseded, 0)).toBe(times.length);
    const pk = providerPk('aslp', providerIdFor(keys, 'aslp', ssn));
    const current = await table.get({ pk, sk: licenseSk('oh', 'audiologist') }, { consistent: true });
    expect(current).toMatchObject({ givenName: 'Report9', uploadId: 'upload-9' });
    const provider = await table.get({ pk, sk: 'PROVIDER' }, { consistent: true });
    expect(provider).toMatchObject({ type: 'provider', ssnLastFour: '0001' });
    const history = await table.query({
      keyCondition: 'pk = :pk AND begins_with(sk, :h)',
      values: { ':pk': pk, ':h': `${licenseSk('oh', 'audiologist')}#UPDATE#` },
      limit: 100,
    });
    expect(history.items.map((h) => h['givenName']).sort()).toEqual(times.map((t) => `Report${t}`).sort());
  });

  it('names the rows DynamoDB did not confirm when writes fail past the retries', async () => {
    await cloud.injectFault({
      target: 'dynamodb:BatchWriteItem',
      effect: { type: 'error', code: 'InternalServerError' },
    });
    const rows = [1, 2, 3].map((row) => ({ row, license: license(`400-00-001${row}`) }));
    const error = await store
      .upsert(rows, context('upload-failing', '2026-01-01T00:00:00.000Z'), { maxDelayMs: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LicensesNotWrittenError);
    expect((error as LicensesNotWrittenError).rows).toEqual([1, 2, 3]);
    await cloud.clearFaults();
    // Sending them again is harmless: each license once, with one history entry.
    await store.upsert(rows, context('upload-failing', '2026-01-01T00:00:00.000Z'));
    const again = await store.upsert(rows, context('upload-failing', '2026-01-01T00:00:00.000Z'));
    expect(again).toMatchObject({ written: 3, superseded: 0 });
    const pk = providerPk('aslp', providerIdFor(keys, 'aslp', '400-00-0011'));
    const items = await table.query({ keyCondition: 'pk = :pk', values: { ':pk': pk }, limit: 100 });
    expect(items.items.map((i) => i['type']).sort()).toEqual(['license', 'licenseUpdate', 'provider']);
  });
});
