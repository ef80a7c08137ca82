// The service platform (issue 9, Performance; see docs/performance.md): password hashing cost at the chosen
// parameters, seal/open against raw node:crypto AES-256-GCM, and batch writes through @backend/persistence
// against direct BatchWriteItem, each pair measured in the same run.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  PASSWORD_HASH_PARAMETERS,
  createKeyring,
  hashPassword,
  open,
  seal,
  verifyPassword,
} from '@backend/crypto';
import { BATCH_WRITE_LIMIT, Table, createDocumentClient, splitIntoBatches } from '@backend/persistence';
import { startLocalCloud } from '@backend/testing';
import { loadNote, measuredOn, thisMachine, today, wrapSection, writeSection, type Machine } from './doc.js';
import { median, megabytesPerSecond } from './stats.js';

/** Issue 9: seal/open at 0.8x raw node:crypto or better, batch writes at 0.9x direct BatchWriteItem. */
export const SEAL_TARGET_RATIO = 0.8;
export const BATCH_TARGET_RATIO = 0.9;
/** Requests in flight at once, for both batch paths. */
export const BATCH_CONCURRENCY = 4;

export interface PlatformOptions {
  /** Password hashes timed (after one warm-up). */
  hashes: number;
  /** Plaintext size sealed and opened. */
  sealBytes: number;
  /** Rounds of each pair (seal/open and batch writes), each round measuring both sides. */
  rounds: number;
  /** Seals (and opens) of each kind per round. */
  sealsPerRound: number;
  /** Items written by each batch path per round. */
  items: number;
}

export interface PairRound {
  oursMs: number;
  rawMs: number;
}

export interface PlatformResults {
  hashMs: number[];
  verifyMs: number[];
  seal: PairRound[];
  open: PairRound[];
  batch: PairRound[];
}

export interface PairSummary {
  oursPerSecond: number;
  rawPerSecond: number;
  /** Median over rounds of each round's raw time / ours. */
  ratio: number;
  met: boolean;
}

export interface PlatformSummary {
  options: PlatformOptions;
  hashMs: number;
  verifyMs: number;
  seal: PairSummary;
  open: PairSummary;
  batch: PairSummary;
}

function pair(rounds: readonly PairRound[], perRound: (ms: number) => number, target: number): PairSummary {
  if (rounds.length === 0) throw new Error('no rounds to summarize');
  const ratio = median(rounds.map((r) => r.rawMs / r.oursMs));
  return {
    oursPerSecond: median(rounds.map((r) => perRound(r.oursMs))),
    rawPerSecond: median(rounds.map((r) => perRound(r.rawMs))),
    ratio,
    met: ratio >= target,
  };
}

export function summarizePlatform(options: PlatformOptions, results: PlatformResults): PlatformSummary {
  if (results.hashMs.length === 0 || results.verifyMs.length === 0)
    throw new Error('no password hashes to summarize');
  const mbps = (ms: number) => megabytesPerSecond(options.sealBytes * options.sealsPerRound, ms);
  const itemsPerSecond = (ms: number) => (options.items / ms) * 1000;
  return {
    options,
    hashMs: median(results.hashMs),
    verifyMs: median(results.verifyMs),
    seal: pair(results.seal, mbps, SEAL_TARGET_RATIO),
    open: pair(results.open, mbps, SEAL_TARGET_RATIO),
    batch: pair(results.batch, itemsPerSecond, BATCH_TARGET_RATIO),
  };
}

/** Times `ours` and `raw` alternately, `rounds` times after a warm-up of each, which goes first alternating. */
async function interleave(rounds: number, ours: () => unknown, raw: () => unknown): Promise<PairRound[]> {
  const collect = (globalThis as { gc?: () => void }).gc;
  const time = async (run: () => unknown): Promise<number> => {
    collect?.();
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  await time(ours);
  await time(raw);
  const out: PairRound[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const oursMs = await time(ours);
      out.push({ oursMs, rawMs: await time(raw) });
    } else {
      const rawMs = await time(raw);
      out.push({ oursMs: await time(ours), rawMs });
    }
  }
  return out;
}

/** Password hash and verify at PASSWORD_HASH_PARAMETERS, one at a time. */
export async function measurePasswordHashing(
  hashes: number,
): Promise<{ hashMs: number[]; verifyMs: number[] }> {
  const password = 'correct horse battery staple';
  let hash = await hashPassword(password);
  const hashMs: number[] = [];
  const verifyMs: number[] = [];
  for (let i = 0; i < hashes; i++) {
    let started = performance.now();
    hash = await hashPassword(password);
    hashMs.push(performance.now() - started);
    started = performance.now();
    if (!(await verifyPassword(password, hash))) throw new Error('a password did not verify');
    verifyMs.push(performance.now() - started);
  }
  return { hashMs, verifyMs };
}

/**
 * seal/open against the least raw node:crypto must do for the same envelope: a random IV, the cipher with AAD,
 * the output joined in one buffer; and for open, the decipher with tag and AAD. Both results are checked.
 */
export async function measureSealing(
  options: Pick<PlatformOptions, 'sealBytes' | 'rounds' | 'sealsPerRound'>,
): Promise<{ seal: PairRound[]; open: PairRound[] }> {
  const key = randomBytes(32);
  const keyring = createKeyring('k1', { k1: key });
  const aad = Buffer.from('table#record-1');
  const plaintext = randomBytes(options.sealBytes);

  const rawSeal = (): Buffer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    cipher.setAAD(aad);
    const body = cipher.update(plaintext);
    cipher.final();
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  };
  const rawOpen = (data: Buffer): Buffer => {
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12), { authTagLength: 16 });
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(aad);
    const out = decipher.update(data.subarray(12, data.length - 16));
    decipher.final();
    return out;
  };
  const sealed = seal(plaintext, { keyring, aad });
  const rawSealed = rawSeal();
  if (!open(sealed, { keyring, aad }).equals(plaintext) || !rawOpen(rawSealed).equals(plaintext)) {
    throw new Error('a sealed value did not open to its plaintext');
  }
  const times = (run: () => unknown) => () => {
    for (let i = 0; i < options.sealsPerRound; i++) run();
  };
  return {
    seal: await interleave(
      options.rounds,
      times(() => seal(plaintext, { keyring, aad })),
      times(rawSeal),
    ),
    open: await interleave(
      options.rounds,
      times(() => open(sealed, { keyring, aad })),
      times(() => rawOpen(rawSealed)),
    ),
  };
}

/**
 * Writes `items` items per round through Table.batchWrite and through direct BatchWriteItem (25 per request,
 * BATCH_CONCURRENCY requests at once, the same document client) into one table of a fresh local cloud.
 * Every round writes new keys; both paths are checked to have left no item unprocessed.
 */
export async function measureBatchWrites(
  options: Pick<PlatformOptions, 'rounds' | 'items'>,
): Promise<PairRound[]> {
  const cloud = await startLocalCloud({ services: [] });
  const raw = new DynamoDBClient(cloud.clientConfig);
  const client: DynamoDBDocumentClient = createDocumentClient(cloud.clientConfig);
  try {
    await raw.send(
      new CreateTableCommand({
        TableName: 'bench',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const table = new Table({ client, tableName: 'bench', partitionKey: 'pk' });
    let run = 0;
    const items = () => {
      run++;
      return Array.from({ length: options.items }, (_, i) => ({
        pk: `r${run}-i${i}`,
        body: 'x'.repeat(200),
        i,
      }));
    };
    const ours = () =>
      table.batchWrite(
        items().map((put) => ({ put })),
        { concurrency: BATCH_CONCURRENCY },
      );
    const direct = async () => {
      const queue = splitIntoBatches(items(), BATCH_WRITE_LIMIT);
      await Promise.all(
        Array.from({ length: BATCH_CONCURRENCY }, async () => {
          for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
            const out = await client.send(
              new BatchWriteCommand({
                RequestItems: { bench: chunk.map((Item) => ({ PutRequest: { Item } })) },
              }),
            );
            if (Object.keys(out.UnprocessedItems ?? {}).length > 0)
              throw new Error('direct write left items');
          }
        }),
      );
    };
    return await interleave(options.rounds, ours, direct);
  } finally {
    client.destroy();
    raw.destroy();
    await cloud.stop();
  }
}

const fixed = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (s: PairSummary, target: number): string =>
  `${s.ratio.toFixed(2)}x, target ${target}x ${s.met ? '**met**' : '**NOT met**'}`;

export function renderPlatformSection(summary: PlatformSummary, machine: Machine, date: string): string {
  const { options: o, seal: sealed, open: opened, batch } = summary;
  const p = PASSWORD_HASH_PARAMETERS;
  return wrapSection('service-platform', [
    `${measuredOn(date, machine)}. Medians: ${o.hashes} password hashes; ${o.rounds} rounds of ${o.sealsPerRound} seals and opens of ${fixed(o.sealBytes)} bytes; ` +
      `${o.rounds} rounds of ${fixed(o.items)} items written into the local cloud's DynamoDB; each round measures both sides, which goes first alternating.${loadNote(machine)}`,
    '',
    '| measure | ours | raw / direct | ours vs raw |',
    '|---|--:|--:|--:|',
    `| \`hashPassword\` (scrypt N = 2^${p.logN}, r = ${p.r}, p = ${p.p}) | ${fixed(summary.hashMs)} ms | | |`,
    `| \`verifyPassword\` | ${fixed(summary.verifyMs)} ms | | |`,
    `| \`seal\` vs \`createCipheriv\` AES-256-GCM | ${fixed(sealed.oursPerSecond)} MB/s | ${fixed(sealed.rawPerSecond)} MB/s | ${sealed.ratio.toFixed(2)}x |`,
    `| \`open\` vs \`createDecipheriv\` | ${fixed(opened.oursPerSecond)} MB/s | ${fixed(opened.rawPerSecond)} MB/s | ${opened.ratio.toFixed(2)}x |`,
    `| \`Table#batchWrite\` vs direct \`BatchWriteItem\` (25 per request, ${BATCH_CONCURRENCY} at once) | ${fixed(batch.oursPerSecond)} items/s | ${fixed(batch.rawPerSecond)} items/s | ${batch.ratio.toFixed(2)}x |`,
    '',
    `- Password hashing: ${fixed(summary.hashMs)} ms per hash at OWASP's parameters (128 MiB each); issue 9 sets no target for it.`,
    `- seal: ${verdict(sealed, SEAL_TARGET_RATIO)}; open: ${verdict(opened, SEAL_TARGET_RATIO)}.`,
    `- Batch write: ${verdict(batch, BATCH_TARGET_RATIO)}.`,
  ]);
}

/** Measures, prints and (with `doc`) records the figures; true when every target is met. */
export async function runPlatform(options: PlatformOptions & { doc: string | undefined }): Promise<boolean> {
  const machine = thisMachine();
  console.log(`Service platform: ${options.hashes} password hashes ...`);
  const hashing = await measurePasswordHashing(options.hashes);
  console.log(`Service platform: seal/open of ${options.sealBytes} bytes, ${options.rounds} rounds ...`);
  const sealing = await measureSealing(options);
  console.log(`Service platform: batch writes of ${options.items} items, ${options.rounds} rounds ...`);
  const batch = await measureBatchWrites(options);
  const summary = summarizePlatform(options, { ...hashing, ...sealing, batch });
  const section = renderPlatformSection(summary, machine, today());
  console.log(section);
  if (options.doc !== undefined) {
    await writeSection(options.doc, 'service-platform', section);
    console.log(`Wrote the service platform figures to ${options.doc}`);
  }
  return summary.seal.met && summary.open.met && summary.batch.met;
}
