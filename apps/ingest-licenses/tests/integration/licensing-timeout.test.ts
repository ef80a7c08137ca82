import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import {
  dataKeyParameter,
  deriveLicensingKeys,
  ingestQueue,
  licensingResourceNames,
  licensingService,
  providerIdFor,
  providerPk,
} from '@backend/licensing';
import {
  licensesCsv,
  sampleLicense,
  startLicensingHarness,
  waitFor,
  type LicensingHarness,
} from '@backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The fault suite's "function timing out mid-batch" for the licensing ingest (docs/reliability.md, "LT" there): the
// local cloud's runtime stops the function at its timeout as Lambda does, and the outcome is read from outside
// (the upload record, the providers table, the function's log, the DLQ).
const FUNCTION = 'local-ingest-licenses';
// 900 s in the declaration; 10 s here: the first checkpoint comes after 500 rows, which take seconds on a busy
// machine (and the deadline stops batches a tenth of the timeout before it). The queue's visibility timeout stays
// above it (six times in the declaration): a message must not come back while its attempt still runs.
const TIMEOUT_SECONDS = 10;
const TIMED_OUT = `Task timed out after ${TIMEOUT_SECONDS.toFixed(2)} seconds`;
let harness: LicensingHarness;
let keys: ReturnType<typeof deriveLicensingKeys>;

beforeAll(async () => {
  harness = await startLicensingHarness({
    service: licensingService,
    names: licensingResourceNames,
    visibilityTimeoutSeconds: { [ingestQueue]: 14 },
    overrides: { functions: { [FUNCTION]: () => ({ timeoutSeconds: TIMEOUT_SECONDS }) } },
  });
  keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
});
afterAll(() => harness?.stop());

const licenses = (count: number) =>
  Array.from({ length: count }, (_v, i) => sampleLicense(`306-10-${String(i).padStart(4, '0')}`));

const typesOf = async (ssn: string) =>
  (await harness.providerItems(providerPk('aslp', providerIdFor(keys, 'aslp', ssn))))
    .map((item) => item['type'])
    .sort();

describe('ingest-licenses stopped by its Lambda timeout mid-file', () => {
  it(
    'resumes after the last checkpoint: every row written exactly once, the counts right, nothing in the DLQ',
    { timeout: 60_000 },
    async () => {
      // Two batches: 500 rows, then the last 10.
      const rows = licenses(510);
      // The ingest's UpdateItem calls: the claim, then per batch of 500 rows the jurisdiction's lease taken and
      // given back, and the checkpoint. The 7th, the second batch's checkpoint, hangs (as a connection can) past
      // the timeout, once: Lambda stops the first attempt with the second batch written but not checkpointed.
      await harness.cloud.injectFault({
        target: 'dynamodb:UpdateItem',
        effect: { type: 'latency', ms: 60_000 },
        after: 6,
        times: 1,
      });
      const uploadId = randomUUID();
      await harness.upload(`aslp/oh/${uploadId}`, licensesCsv(rows));

      // Between the stop and the message's return (the visibility timeout), the stopped attempt's state stays.
      await waitFor(
        async () =>
          harness.cloud.logs(FUNCTION).some((line) => line.endsWith(TIMED_OUT)) ? true : undefined,
        30_000,
      );
      const stopped = await harness.waitForUpload(uploadId, ['processing']);
      expect(stopped['progress']).toEqual({
        row: 500,
        counts: { rows: 500, written: 500, unchanged: 0, superseded: 0, invalid: 0 },
      });
      // Stopped, not failed: the attempt had no chance to note a failure.
      expect(stopped['lastFailure']).toBeUndefined();
      expect(await typesOf(rows[509]!['ssn']!)).toEqual(['license', 'licenseUpdate', 'provider']);
      expect((await harness.cloud.faults())[0]).toMatchObject({ fired: 1 });

      const record = await harness.waitForUpload(uploadId, ['complete'], 45_000);
      // The retry counted from the checkpoint on: rows 501 to 510 again (rewritten to the same keys), rows 1 to
      // 500 not, so nothing is counted twice.
      expect(record['counts']).toEqual({
        rows: 510,
        written: 510,
        unchanged: 0,
        superseded: 0,
        invalid: 0,
      });
      const items = await harness.providerItems();
      const ofType = (type: string) => items.filter((item) => item['type'] === type);
      expect(ofType('provider')).toHaveLength(510);
      expect(ofType('license')).toHaveLength(510);
      expect(new Set(ofType('licenseUpdate').map((item) => item['pk'])).size).toBe(510);
      expect(items).toHaveLength(1530);

      const { Messages } = await harness.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: harness.cloud.queueUrl(`${ingestQueue}-dlq`),
          WaitTimeSeconds: 1,
        }),
      );
      expect(Messages ?? []).toEqual([]);
      const logs = harness.cloud.logs(FUNCTION).join('\n');
      for (const value of [rows[0]!['ssn']!, rows[509]!['ssn']!]) expect(logs).not.toContain(value);
    },
  );
});
