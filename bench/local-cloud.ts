// The local cloud's start-up in fresh processes, and SQS -> function -> DynamoDB throughput against
// direct BatchWriteItem in the same run (issue 4, Performance; see docs/performance.md).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkLocalCloud, type LocalCloudBenchmark } from '@backend/local-cloud';
import { loadNote, measuredOn, thisMachine, today, wrapSection, writeSection, type Machine } from './doc.js';
import { median } from './stats.js';

const CHILD = fileURLToPath(new URL('./local-cloud-child.ts', import.meta.url));
const CHILD_TIMEOUT_MS = 60_000;
/** Issue 4: `npm start` prints the endpoints within 5 seconds. */
export const READY_TARGET_MS = 5000;
/** Issue 9: the first `npm start` on a fresh clone (nothing bundled or compiled yet) is ready within 10 s. */
export const FIRST_READY_TARGET_MS = 10_000;

export interface StartSample {
  /** From spawning the process to the local cloud being ready, measured by the parent. */
  readyWallMs: number;
  /** Node's and tsx's start-up in the process, and loading the local cloud's modules through tsx. */
  loadMs: number;
  /** startCloud() with every service of the workspace (bundles from the cache). */
  startMs: number;
  stopMs: number;
  functions: string[];
}

/**
 * One fresh process, started as `npm start` starts it: node, the tsx CLI, the workspace's tsconfig. `asFirst`
 * starts it as on a fresh clone: no function bundled yet (the bundle cache is emptied) and nothing compiled by
 * tsx (its cache is off).
 */
export function measureStartOnce(workspaceRoot: string, asFirst = false): Promise<StartSample> {
  const tsx = join(workspaceRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  if (asFirst)
    rmSync(join(workspaceRoot, 'node_modules', '.cache', 'local-cloud'), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const spawned = performance.now();
    const child = spawn(process.execPath, [tsx, '--tsconfig', 'tsconfig.base.json', CHILD], {
      cwd: workspaceRoot,
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...(asFirst ? { TSX_DISABLE_CACHE: '1' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let buffered = '';
    let errors = '';
    let ready: (Omit<StartSample, 'stopMs'> & { phase: string }) | undefined;
    let stopMs: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const message = JSON.parse(line) as { phase: string; stopMs?: number };
        if (message.phase === 'ready') {
          ready = { ...(message as Omit<StartSample, 'stopMs'> & { phase: string }) };
          ready.readyWallMs = performance.now() - spawned;
        } else if (message.phase === 'stopped') stopMs = message.stopMs;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0 || ready === undefined || stopMs === undefined) {
        reject(
          new Error(`the local cloud's start-up process failed (exit ${code ?? signal}):\n${errors.trim()}`),
        );
        return;
      }
      const { phase: _phase, ...sample } = ready;
      resolve({ ...sample, stopMs });
    });
  });
}

export interface LocalCloudResults {
  /** Starts as on a fresh clone: nothing bundled or compiled yet. */
  firstStarts: StartSample[];
  starts: StartSample[];
  throughput: LocalCloudBenchmark[];
}

export interface LocalCloudSummary {
  startRuns: number;
  firstReadyWallMs: number;
  readyWallMs: number;
  loadMs: number;
  startMs: number;
  stopMs: number;
  functions: string[];
  rounds: number;
  items: number;
  sqsToDynamoDbPerSecond: number;
  batchWriteItemPerSecond: number;
  /** Median over rounds of each round's own ratio (both paths measured in that round). */
  ratio: number;
  readyMet: boolean;
  firstReadyMet: boolean;
}

export function summarizeLocalCloud(results: LocalCloudResults): LocalCloudSummary {
  const { firstStarts, starts, throughput } = results;
  if (firstStarts.length === 0 || starts.length === 0 || throughput.length === 0)
    throw new Error('no local cloud samples to summarize');
  const firstReadyWallMs = median(firstStarts.map((s) => s.readyWallMs));
  const of = (pick: (s: StartSample) => number) => median(starts.map(pick));
  const readyWallMs = of((s) => s.readyWallMs);
  return {
    startRuns: starts.length,
    firstReadyWallMs,
    readyWallMs,
    loadMs: of((s) => s.loadMs),
    startMs: of((s) => s.startMs),
    stopMs: of((s) => s.stopMs),
    functions: starts[0]!.functions,
    rounds: throughput.length,
    items: throughput[0]!.items,
    sqsToDynamoDbPerSecond: median(throughput.map((t) => t.sqsToDynamoDbPerSecond)),
    batchWriteItemPerSecond: median(throughput.map((t) => t.batchWriteItemPerSecond)),
    ratio: median(throughput.map((t) => t.sqsToDynamoDbPerSecond / t.batchWriteItemPerSecond)),
    readyMet: readyWallMs <= READY_TARGET_MS,
    firstReadyMet: firstReadyWallMs <= FIRST_READY_TARGET_MS,
  };
}

const ms = (value: number): string => `${Math.round(value).toLocaleString('en-US')} ms`;
const perSecond = (value: number): string => Math.round(value).toLocaleString('en-US');

export function renderLocalCloudSection(summary: LocalCloudSummary, machine: Machine, date: string): string {
  const s = summary;
  return wrapSection('local-cloud', [
    `${measuredOn(date, machine)}. Start-up: median of ${s.startRuns} fresh processes (a warm-up process discarded), ` +
      `deploying ${s.functions.length === 0 ? 'no function' : s.functions.join(', ')}. ` +
      `Throughput: median of ${s.rounds} rounds of ${s.items.toLocaleString('en-US')} items, each round measuring both paths.${loadNote(machine)}`,
    '',
    '| start-up phase | median |',
    '|---|--:|',
    `| spawn to ready (what \`npm start\` waits for, less npm's own start) | ${ms(s.readyWallMs)} |`,
    `| of which Node, tsx and loading the local cloud's modules | ${ms(s.loadMs)} |`,
    `| of which \`startCloud()\` (emulators, edge, resources, cached bundles) | ${ms(s.startMs)} |`,
    `| \`stop()\` | ${ms(s.stopMs)} |`,
    `| first start on a fresh clone (nothing bundled, tsx cache off), spawn to ready | ${ms(s.firstReadyWallMs)} |`,
    '',
    '| path | items/s | vs direct |',
    '|---|--:|--:|',
    `| SQS -> event source mapping (batch 10, 4 pollers) -> function -> DynamoDB BatchWriteItem | ${perSecond(s.sqsToDynamoDbPerSecond)} | ${s.ratio.toFixed(2)}x |`,
    `| direct BatchWriteItem (25 items per request, 4 requests at once) | ${perSecond(s.batchWriteItemPerSecond)} | 1.00x |`,
    '',
    `- Start-up: ready ${ms(s.readyWallMs)} after the process starts — issue 4's ${READY_TARGET_MS / 1000} s for \`npm start\` ${s.readyMet ? '**met**' : '**NOT met**'}.`,
    `- First start: ready ${ms(s.firstReadyWallMs)} after the process starts with every function still to bundle — issue 9's ${FIRST_READY_TARGET_MS / 1000} s ${s.firstReadyMet ? '**met**' : '**NOT met**'}.`,
    `- Throughput: the event source path moves ${s.ratio.toFixed(2)}x the items/s of direct writes; issue 4 sets no target for it.`,
  ]);
}

export interface LocalCloudOptions {
  workspaceRoot: string;
  startRuns: number;
  rounds: number;
  items: number;
  doc: string | undefined;
}

/** Measures, prints and (with `doc`) records the local cloud's figures; true when the start-up target is met. */
export async function runLocalCloud(options: LocalCloudOptions): Promise<boolean> {
  console.log(
    `Local cloud start-up: ${options.startRuns} first starts, then as many fresh processes (and one warm-up) ...`,
  );
  const firstStarts: StartSample[] = [];
  for (let run = 0; run < options.startRuns; run++)
    firstStarts.push(await measureStartOnce(options.workspaceRoot, true));
  const starts: StartSample[] = [];
  // The warm-up fills the bundle cache and the file system cache; it is not recorded.
  for (let run = 0; run <= options.startRuns; run++) {
    const sample = await measureStartOnce(options.workspaceRoot);
    if (run > 0) starts.push(sample);
  }
  console.log(
    `Local cloud throughput: ${options.rounds} rounds of ${options.items} items through SQS and directly ...`,
  );
  const throughput: LocalCloudBenchmark[] = [];
  for (let round = 0; round < options.rounds; round++)
    throughput.push(await benchmarkLocalCloud(options.items));

  const summary = summarizeLocalCloud({ firstStarts, starts, throughput });
  const section = renderLocalCloudSection(summary, thisMachine(), today());
  console.log(section);
  if (options.doc !== undefined) {
    await writeSection(options.doc, 'local-cloud', section);
    console.log(`Wrote the local cloud figures to ${options.doc}`);
  }
  return summary.readyMet && summary.firstReadyMet;
}
