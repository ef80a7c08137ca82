// The licensing read API (issue 13, Performance): 100-provider bulk reads per second through the local cloud's HTTP
// API (the deployed licenses-api: token verification, the batch read, the answer) against a direct BatchGetItem of
// the same 100 keys into the same emulator in the same run; and what verifying a bearer token costs per request with
// a warm JWKS cache, against a bare RSA signature check of the same token (docs/performance.md).
import { createPublicKey, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import {
  PROVIDER_SK,
  dataKeyParameter,
  deriveLicensingKeys,
  licensingResourceNames,
  licensingService,
  providerIdFor,
  providerPk,
  providersTable,
} from '@backend/licensing';
import { createJwtVerifier } from '@backend/platform';
import { sampleLicense, startLicensingHarness, type LicensingHarness } from '@backend/testing';
import { loadNote, measuredOn, thisMachine, today, wrapSection, writeSection, type Machine } from './doc.js';
import { median } from './stats.js';

/** Issue 13: bulk reads through the API at least 0.7x the rate of direct BatchGetItem of the same keys. */
export const BULK_TARGET = 0.7;
const PROVIDERS = 100;

export interface BulkRound {
  readonly apiPerSecond: number;
  readonly directPerSecond: number;
}

export interface LicensingReadsFigures {
  readonly rounds: readonly BulkRound[];
  readonly readsPerRound: number;
  /** Median over rounds of µs per verify of one token by the platform verifier, its JWKS cached. */
  readonly verifyMicros: number;
  /** The same for a bare `crypto.verify` of the token's RS256 signature. */
  readonly bareVerifyMicros: number;
}

/** The round's ratios' median (not the ratio of the medians: each round measures both paths together). */
export const bulkRatio = (rounds: readonly BulkRound[]): number =>
  median(rounds.map((r) => r.apiPerSecond / r.directPerSecond));

/**
 * The direct reader runs on a worker thread, as the function does in the local cloud's runtime: on the bench's own
 * thread its SDK work (signing, marshalling, unmarshalling 100 items) would share one event loop with the emulator,
 * while the function's has a thread of its own, and the ratio would compare placements rather than code.
 */
const DIRECT_READER = `
const { parentPort, workerData } = require('node:worker_threads');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { BatchGetCommand, DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb');
const { clientConfig, table, keys, expected } = workerData;
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));
async function read() {
  let pending = keys;
  let read = 0;
  while (pending.length > 0) {
    const out = await dynamo.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
    read += out.Responses?.[table]?.length ?? 0;
    pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
  }
  if (read !== expected) throw new Error('a direct BatchGetItem read ' + read + ' items');
}
parentPort.on('message', async (reads) => {
  try {
    const started = performance.now();
    for (let i = 0; i < reads; i++) await read();
    parentPort.postMessage({ perSecond: (reads / (performance.now() - started)) * 1000 });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

function startDirectReader(workerData: unknown): {
  rate(reads: number): Promise<number>;
  stop(): Promise<number>;
} {
  const worker = new Worker(DIRECT_READER, { eval: true, workerData });
  return {
    async rate(reads) {
      worker.postMessage(reads);
      const [answer] = (await once(worker, 'message')) as [{ perSecond?: number; error?: string }];
      if (answer.perSecond === undefined) throw new Error(answer.error ?? 'the direct reader failed');
      return answer.perSecond;
    },
    stop: () => worker.terminate(),
  };
}

async function timeRate(reads: number, read: () => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < reads; i++) await read();
  return (reads / (performance.now() - started)) * 1000;
}

/** Microseconds per call of `verify`, over `count` calls. */
async function timeMicros(count: number, verify: () => unknown): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await verify();
  return ((performance.now() - started) * 1000) / count;
}

async function seed(harness: LicensingHarness): Promise<string[]> {
  const keys = deriveLicensingKeys(await harness.dataKey(), dataKeyParameter);
  const ssns = Array.from({ length: PROVIDERS }, (_, i) => `400-00-${String(i).padStart(4, '0')}`);
  const board = await harness.token('board-oh', ['oh/aslp.write']);
  const answer = await harness.api('POST', '/v1/compacts/aslp/jurisdictions/oh/licenses', {
    token: board,
    body: ssns.map((ssn) => sampleLicense(ssn)),
  });
  if (answer.status !== 200) throw new Error(`seeding the providers answered ${answer.status}`);
  return ssns.map((ssn) => providerIdFor(keys, 'aslp', ssn));
}

export async function measureLicensingReads(options: {
  rounds: number;
  reads: number;
  verifies: number;
}): Promise<LicensingReadsFigures> {
  const harness = await startLicensingHarness({ service: licensingService, names: licensingResourceNames });
  try {
    const ids = await seed(harness);
    const token = await harness.token('reader-aslp');
    const body = JSON.stringify({ providerIds: ids });
    const viaApi = async () => {
      const response = await fetch(`${harness.cloud.httpApiUrl}/v1/compacts/aslp/providers/bulk`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      const answer = (await response.json()) as { providers?: unknown[] };
      if (response.status !== 200 || answer.providers?.length !== PROVIDERS)
        throw new Error(`a bulk read answered ${response.status}`);
    };
    const keys = ids.map((id) => ({ pk: providerPk('aslp', id), sk: PROVIDER_SK }));
    const direct = startDirectReader({
      clientConfig: harness.cloud.clientConfig,
      table: providersTable,
      keys,
      expected: PROVIDERS,
    });
    const rounds: BulkRound[] = [];
    try {
      // Warm both paths: the function's first invocation loads its bundle and fetches the issuer's JWKS.
      for (let i = 0; i < 5; i++) await Promise.all([viaApi(), direct.rate(1)]);
      for (let round = 0; round < options.rounds; round++) {
        // Alternating which goes first, so neither always runs on a machine the other just warmed.
        if (round % 2 === 0) {
          const apiPerSecond = await timeRate(options.reads, viaApi);
          rounds.push({ apiPerSecond, directPerSecond: await direct.rate(options.reads) });
        } else {
          const directPerSecond = await direct.rate(options.reads);
          rounds.push({ apiPerSecond: await timeRate(options.reads, viaApi), directPerSecond });
        }
      }
    } finally {
      await direct.stop();
    }

    // Token verification as the function does it, in this process: the local issuer's JWKS fetched once, cached.
    const verifier = createJwtVerifier({
      issuer: harness.cloud.oauthIssuerUrl,
      audience: licensingResourceNames.audience,
      jwksUrl: `${harness.cloud.oauthIssuerUrl}/.well-known/jwks.json`,
      algorithms: ['RS256', 'ES256'],
    });
    await verifier.verify(token);
    const { keys: jwks } = (await (
      await fetch(`${harness.cloud.oauthIssuerUrl}/.well-known/jwks.json`)
    ).json()) as { keys: JsonWebKey[] };
    const publicKey = createPublicKey({ key: jwks[0]!, format: 'jwk' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const signed = Buffer.from(`${header}.${payload}`);
    const signatureBytes = Buffer.from(signature, 'base64url');
    const verifyMicros: number[] = [];
    const bareMicros: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      verifyMicros.push(await timeMicros(options.verifies, () => verifier.verify(token)));
      bareMicros.push(
        await timeMicros(options.verifies, () => {
          if (!verifySignature('RSA-SHA256', signed, publicKey, signatureBytes))
            throw new Error('the bare check refused the token');
        }),
      );
    }
    return {
      rounds,
      readsPerRound: options.reads,
      verifyMicros: median(verifyMicros),
      bareVerifyMicros: median(bareMicros),
    };
  } finally {
    await harness.stop();
  }
}

export function renderLicensingReadsSection(
  figures: LicensingReadsFigures,
  machine: Machine,
  date: string,
): string {
  const ratio = bulkRatio(figures.rounds);
  const rate = (perSecond: number) => `${perSecond.toFixed(1)}/s`;
  return wrapSection('licensing-reads', [
    '',
    `${measuredOn(date, machine)}. ${figures.rounds.length} rounds of ${figures.readsPerRound} sequential bulk reads of the same ${PROVIDERS} providers each way, in one local cloud; the ratio is the median of the rounds' ratios.${loadNote(machine)}`,
    '',
    '| round | `POST …/providers/bulk` through the HTTP API | direct `BatchGetItem`, same 100 keys | API vs direct |',
    '| ---: | ---: | ---: | ---: |',
    ...figures.rounds.map(
      (r, i) =>
        `| ${i + 1} | ${rate(r.apiPerSecond)} | ${rate(r.directPerSecond)} | ${(r.apiPerSecond / r.directPerSecond).toFixed(2)}x |`,
    ),
    '',
    `- Bulk reads: ${ratio.toFixed(2)}x direct BatchGetItem — issue 13's ${BULK_TARGET}x ${ratio >= BULK_TARGET ? '**met**' : '**not met**'}.`,
    `- Token verification with a warm JWKS cache: ${figures.verifyMicros.toFixed(1)} µs per verify (the platform verifier: parse, key lookup, RS256 signature, claims) against ${figures.bareVerifyMicros.toFixed(1)} µs for a bare \`crypto.verify\` of the same signature (${(figures.verifyMicros / figures.bareVerifyMicros).toFixed(2)}x).`,
    '',
  ]);
}

export async function runLicensingReads(options: {
  rounds: number;
  reads: number;
  verifies: number;
  doc: string | undefined;
}): Promise<boolean> {
  const machine = thisMachine();
  console.log(`licensing-reads: ${options.rounds} rounds of ${options.reads} bulk reads each way`);
  const figures = await measureLicensingReads(options);
  const section = renderLicensingReadsSection(figures, machine, today());
  console.log(section);
  if (options.doc !== undefined) await writeSection(options.doc, 'licensing-reads', section);
  return bulkRatio(figures.rounds) >= BULK_TARGET;
}
