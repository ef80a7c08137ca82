// Feature flags (issue 13): what a check of an SSM-backed flag costs when its value is cached, and when it is read
// (the platform's parameter reader through the SDK) against a direct GetParameter of the same parameter in the
// same run. Issue 13 sets no target; the figures say what a flag check adds to a request.
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalCloud } from '@backend/testing';
import { SsmFeatureFlags } from '@backend/vendors';
import { loadNote, measuredOn, thisMachine, today, wrapSection, writeSection, type Machine } from './doc.js';
import { median } from './stats.js';

export interface FlagBenchOptions {
  /** Rounds, each timing both read paths (which goes first alternating) and the cached checks. */
  rounds: number;
  /** Uncached checks and direct reads per round, one after another. */
  reads: number;
  /** Cached checks per round. */
  checks: number;
}

export interface FlagRound {
  uncachedMs: number;
  directMs: number;
  cachedMs: number;
}

export interface FlagSummary {
  options: FlagBenchOptions;
  uncachedMsPerCheck: number;
  directMsPerRead: number;
  /** Median over rounds of each round's direct time / uncached time. */
  ratio: number;
  cachedMicrosecondsPerCheck: number;
}

const PREFIX = '/bench/flags';
const declarations = { bench_flag: { default: false, description: 'benchmark flag' } } as const;

/** Checks of one flag whose parameter holds `true` in a fresh local cloud; every answer is checked. */
export async function measureFlagChecks(options: FlagBenchOptions): Promise<FlagRound[]> {
  const cloud = await startLocalCloud({ services: [] });
  const ssm = new SSMClient(cloud.clientConfig);
  try {
    await ssm.send(new PutParameterCommand({ Name: `${PREFIX}/bench_flag`, Value: 'true', Type: 'String' }));
    // ttlSeconds 0: every check reads SSM.
    const uncached = new SsmFeatureFlags({
      declarations,
      parameterPrefix: PREFIX,
      ssmClient: ssm,
      ttlSeconds: 0,
    });
    const cached = new SsmFeatureFlags({ declarations, parameterPrefix: PREFIX, ssmClient: ssm });
    const expectOn = (value: boolean | string | undefined) => {
      if (value !== true && value !== 'true') throw new Error('the flag did not read as on');
    };
    const time = async (run: () => Promise<void>): Promise<number> => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    const uncachedChecks = async () => {
      for (let i = 0; i < options.reads; i++) expectOn(await uncached.isEnabled('bench_flag'));
    };
    const directReads = async () => {
      for (let i = 0; i < options.reads; i++) {
        const out = await ssm.send(
          new GetParameterCommand({ Name: `${PREFIX}/bench_flag`, WithDecryption: true }),
        );
        expectOn(out.Parameter?.Value);
      }
    };
    const cachedChecks = async () => {
      for (let i = 0; i < options.checks; i++) expectOn(await cached.isEnabled('bench_flag'));
    };
    await uncachedChecks();
    await directReads();
    await cachedChecks();
    const rounds: FlagRound[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const first = round % 2 === 0 ? uncachedChecks : directReads;
      const second = round % 2 === 0 ? directReads : uncachedChecks;
      const firstMs = await time(first);
      const secondMs = await time(second);
      const [uncachedMs, directMs] = round % 2 === 0 ? [firstMs, secondMs] : [secondMs, firstMs];
      rounds.push({ uncachedMs, directMs, cachedMs: await time(cachedChecks) });
    }
    return rounds;
  } finally {
    ssm.destroy();
    await cloud.stop();
  }
}

export function summarizeFlags(options: FlagBenchOptions, rounds: readonly FlagRound[]): FlagSummary {
  if (rounds.length === 0) throw new Error('no rounds to summarize');
  return {
    options,
    uncachedMsPerCheck: median(rounds.map((r) => r.uncachedMs / options.reads)),
    directMsPerRead: median(rounds.map((r) => r.directMs / options.reads)),
    ratio: median(rounds.map((r) => r.directMs / r.uncachedMs)),
    cachedMicrosecondsPerCheck: median(rounds.map((r) => (r.cachedMs * 1000) / options.checks)),
  };
}

export function renderFlagSection(summary: FlagSummary, machine: Machine, date: string): string {
  const { options: o } = summary;
  return wrapSection('feature-flags', [
    `${measuredOn(date, machine)}. Medians of ${o.rounds} rounds; each round times ${o.reads} uncached checks and ${o.reads} direct reads ` +
      `one after another (which goes first alternating), then ${o.checks.toLocaleString('en-US')} cached checks, against the local cloud's SSM.${loadNote(machine)}`,
    '',
    '| measure | per check |',
    '|---|--:|',
    `| \`SsmFeatureFlags#isEnabled\`, value cached (every check within the 30 s TTL) | ${summary.cachedMicrosecondsPerCheck.toFixed(2)} µs |`,
    `| \`SsmFeatureFlags#isEnabled\`, value read (the first check after the TTL) | ${summary.uncachedMsPerCheck.toFixed(2)} ms |`,
    `| direct \`GetParameter\` of the same parameter (same SDK client) | ${summary.directMsPerRead.toFixed(2)} ms |`,
    '',
    `- Reads through the flags ran at ${summary.ratio.toFixed(2)}x the speed of direct \`GetParameter\` reads (1 is the same speed; the platform's reader, Powertools and the value check are all they add); issue 13 sets no target.`,
    `- A warm function reads each flag at most once per 30 s; every other check is a map lookup.`,
  ]);
}

/** Measures, prints and (with `doc`) records the figures. Issue 13 sets no target: always true. */
export async function runFlags(options: FlagBenchOptions & { doc: string | undefined }): Promise<boolean> {
  const machine = thisMachine();
  console.log(
    `Feature flags: ${options.rounds} rounds of ${options.reads} reads and ${options.checks} cached checks ...`,
  );
  const summary = summarizeFlags(options, await measureFlagChecks(options));
  const section = renderFlagSection(summary, machine, today());
  console.log(section);
  if (options.doc !== undefined) {
    await writeSection(options.doc, 'feature-flags', section);
    console.log(`Wrote the feature flag figures to ${options.doc}`);
  }
  return true;
}
