// Licensing ingest (issue 12, Performance): a generated CSV file uploaded to the local cloud's S3 until every row is
// in DynamoDB, against raw BatchWriteItem of the same items into the same emulator in the same run, and the ingest
// function's peak memory for two file sizes (docs/performance.md).
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { License } from '@backend/contracts';
import {
  dataKeyParameter,
  deriveLicensingKeys,
  licenseRecords,
  licensingResourceNames,
  licensingService,
  providersTable,
  uploadBucket,
} from '@backend/licensing';
import { licensesCsv, sampleLicense, startLicensingHarness, type LicensingHarness } from '@backend/testing';
import { loadNote, measuredOn, thisMachine, today, wrapSection, writeSection, type Machine } from './doc.js';

/** Issue 12: the ingest moves at least half the rows per second of raw BatchWriteItem of the same items. */
export const THROUGHPUT_TARGET = 0.5;
/** Issue 12: peak memory for the large file within 20 % of that for the small one. */
export const MEMORY_TARGET = 1.2;

export interface LicensingSample {
  rows: number;
  fileBytes: number;
  ingestMs: number;
  rawMs: number;
  peakMemoryBytes: number;
}

const ssnOf = (i: number) =>
  `${String(100 + Math.floor(i / 1_000_000)).padStart(3, '0')}-${String(Math.floor(i / 10_000) % 100).padStart(2, '0')}-${String(i % 10_000).padStart(4, '0')}`;
const licenseOf = (i: number) =>
  sampleLicense(ssnOf(i), { givenName: `Given${i}`, familyName: `Family${i % 997}` });

/** Writes `rows` valid licenses to a temporary CSV file, a chunk at a time (the file is never held in memory). */
async function generateCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const chunk = 1000;
  for (let start = 0; start < rows; start += chunk) {
    const licenses = Array.from({ length: Math.min(chunk, rows - start) }, (_v, k) => licenseOf(start + k));
    const text = licensesCsv(licenses);
    // Only the first chunk keeps its header line.
    if (!out.write(start === 0 ? text : text.slice(text.indexOf('\n') + 1))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** A large file goes up in 8 MiB parts (a multipart upload), as a client of a large file would. */
const PART_BYTES = 8 * 1024 * 1024;

async function uploadInParts(
  harness: LicensingHarness,
  key: string,
  file: string,
  size: number,
): Promise<void> {
  const { UploadId } = await harness.s3.send(
    new CreateMultipartUploadCommand({ Bucket: uploadBucket, Key: key, ContentType: 'text/csv' }),
  );
  const parts = [];
  for (let start = 0, part = 1; start < size; start += PART_BYTES, part++) {
    const end = Math.min(size, start + PART_BYTES);
    const { ETag } = await harness.s3.send(
      new UploadPartCommand({
        Bucket: uploadBucket,
        Key: key,
        UploadId,
        PartNumber: part,
        Body: createReadStream(file, { start, end: end - 1 }),
        ContentLength: end - start,
      }),
    );
    parts.push({ ETag, PartNumber: part });
  }
  await harness.s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: uploadBucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

/** One size: a fresh local cloud, the file through S3 -> SQS -> ingest-licenses, then the same items written raw. */
async function measureOnce(rows: number, dir: string): Promise<LicensingSample> {
  const file = join(dir, `licenses-${rows}.csv`);
  await generateCsv(file, rows);
  const fileBytes = statSync(file).size;
  const harness = await startLicensingHarness({
    service: licensingService,
    names: licensingResourceNames,
  });
  try {
    // Warm the function (its first invocation loads the bundle) with a one-row file.
    const warm = '00000000-0000-4000-8000-000000000000';
    await harness.upload(`aslp/oh/${warm}`, licensesCsv([sampleLicense('999-99-9999')]));
    await harness.waitForUpload(warm);

    const uploadId = crypto.randomUUID();
    const started = performance.now();
    await uploadInParts(harness, `aslp/oh/${uploadId}`, file, fileBytes);
    const record = await harness.waitForUpload(uploadId, ['complete', 'rejected'], 30 * 60_000);
    const ingestMs = performance.now() - started;
    const counts = record['counts'] as { written: number };
    if (record['status'] !== 'complete' || counts.written !== rows) {
      throw new Error(
        `the ingest of ${rows} rows ended ${String(record['status'])} with ${counts.written} written`,
      );
    }
    const peakMemoryBytes = harness.cloud.functionStats('local-ingest-licenses').maxMemoryUsedBytes;

    // The same items, raw: what ingest wrote for each row (provider, license, history), 25 per request, 8 at once.
    const keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
    const context = {
      compact: 'aslp' as const,
      jurisdiction: 'oh',
      uploadId,
      dateOfUpdate: String(record['receivedAt']),
    };
    let next = 0;
    const rawStarted = performance.now();
    const worker = async () => {
      while (next < rows) {
        const first = next;
        next = Math.min(rows, next + 25);
        const items = [];
        for (let i = first; i < next; i++) {
          const r = licenseRecords(licenseOf(i) as License, context, i + 1, keys);
          items.push(r.licenseItem, r.historyItem, r.providerItem);
        }
        for (let k = 0; k < items.length; k += 25) {
          let pending = items.slice(k, k + 25).map((Item) => ({ PutRequest: { Item } }));
          while (pending.length > 0) {
            const out = await harness.dynamo.send(
              new BatchWriteCommand({ RequestItems: { [providersTable]: pending } }),
            );
            pending = (out.UnprocessedItems?.[providersTable] ?? []) as typeof pending;
            if (pending.length > 0) await sleep(10);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const rawMs = performance.now() - rawStarted;
    return { rows, fileBytes, ingestMs, rawMs, peakMemoryBytes };
  } finally {
    await harness.stop();
    rmSync(file, { force: true });
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const perSecond = (rows: number, ms: number) => Math.round((rows / ms) * 1000);

export function renderLicensingSection(
  samples: readonly LicensingSample[],
  machine: Machine,
  date: string,
): string {
  const small = samples[0]!;
  const large = samples.at(-1)!;
  const ratio = perSecond(large.rows, large.ingestMs) / perSecond(large.rows, large.rawMs);
  const memory = large.peakMemoryBytes / small.peakMemoryBytes;
  const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
  return wrapSection('licensing', [
    '',
    `${measuredOn(date, machine)}. One fresh local cloud per file size; each file is generated at bench time, uploaded in 8 MiB parts (multipart upload) and timed until its upload record is complete (every row in DynamoDB); the same items (provider, license and history per row) are then written with raw BatchWriteItem (25 per request, 8 at once) into the same table.${loadNote(machine)}`,
    '',
    '| rows | file | ingest (S3 → SQS → function → DynamoDB) | raw BatchWriteItem, same items | ingest vs raw | peak memory of ingest-licenses |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...samples.map(
      (s) =>
        `| ${s.rows.toLocaleString('en-US')} | ${mb(s.fileBytes)} | ${perSecond(s.rows, s.ingestMs).toLocaleString('en-US')} rows/s (${(s.ingestMs / 1000).toFixed(1)} s) | ${perSecond(s.rows, s.rawMs).toLocaleString('en-US')} rows/s (${(s.rawMs / 1000).toFixed(1)} s) | ${(perSecond(s.rows, s.ingestMs) / perSecond(s.rows, s.rawMs)).toFixed(2)}x | ${mb(s.peakMemoryBytes)} |`,
    ),
    '',
    `- Throughput at ${large.rows.toLocaleString('en-US')} rows: ${ratio.toFixed(2)}x raw BatchWriteItem — issue 12's ${THROUGHPUT_TARGET}x ${verdict(ratio >= THROUGHPUT_TARGET)}.`,
    `- Peak memory: ${mb(large.peakMemoryBytes)} for ${large.rows.toLocaleString('en-US')} rows against ${mb(small.peakMemoryBytes)} for ${small.rows.toLocaleString('en-US')} (${memory.toFixed(2)}x) — issue 12's ${MEMORY_TARGET}x ${verdict(memory <= MEMORY_TARGET)}.`,
    '',
  ]);
}

export async function runLicensing(options: {
  rows: readonly number[];
  doc: string | undefined;
}): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'licensing-bench-'));
  const machine = thisMachine();
  const samples: LicensingSample[] = [];
  try {
    for (const rows of options.rows) {
      console.log(`licensing: ingesting ${rows} rows`);
      samples.push(await measureOnce(rows, dir));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const section = renderLicensingSection(samples, machine, today());
  console.log(section);
  if (options.doc !== undefined) await writeSection(options.doc, 'licensing', section);
  const small = samples[0]!;
  const large = samples.at(-1)!;
  return (
    large.rawMs / large.ingestMs >= THROUGHPUT_TARGET &&
    large.peakMemoryBytes <= MEMORY_TARGET * small.peakMemoryBytes
  );
}
