// The cold-start benchmark of every app against two baselines (see docs/performance.md).
import { join, resolve } from 'node:path';
import { discoverApps, explicitApp, type BenchApp } from './discover.js';
import { thisMachine, today, writeSection } from './doc.js';
import {
  functionEnvironment,
  loadInvocation,
  measureOnce,
  rotate,
  terraformRuntimeEnvironment,
  writeInvocationFile,
  type Sample,
} from './measure.js';
import { describeVerdict, renderSection, renderTable, summarize, verdicts } from './report.js';
import { startStub, type StubResponses } from './stub.js';
import { VARIANTS, benchDir, buildVariants } from './variants.js';

export const MIN_COLD_START_RUNS = 7;

export interface ColdStartOptions {
  workspaceRoot: string;
  /** Fresh processes per variant (at least MIN_COLD_START_RUNS). */
  runs: number;
  /** Only these apps from apps/ (all by default). */
  apps?: readonly string[];
  /** Directories laid out like an app, measured too. */
  projects?: readonly string[];
  /** docs/performance.md, or undefined to print only. */
  doc: string | undefined;
}

/** Measures, prints and (with `doc`) records the cold start of each app; true when every app met the target. */
export async function runColdStart(options: ColdStartOptions): Promise<boolean> {
  const { workspaceRoot, runs } = options;
  // Taken before the run: the load average then says what else the machine was doing.
  const machine = thisMachine();
  let apps: BenchApp[] = await discoverApps(workspaceRoot);
  if (options.apps !== undefined) {
    const unknown = options.apps.filter((name) => !apps.some((a) => a.name === name));
    if (unknown.length > 0) throw new Error(`no app named ${unknown.join(', ')} under apps/`);
    apps = apps.filter((a) => options.apps?.includes(a.name));
  }
  apps.push(...(options.projects ?? []).map((dir) => explicitApp(workspaceRoot, resolve(dir))));
  if (apps.length === 0) {
    throw new Error('No apps to measure: no directory under apps/ has a project.json tagged type:app.');
  }

  console.log(`Building ${VARIANTS.length} variants of ${apps.map((a) => a.name).join(', ')} ...`);
  const built = await buildVariants(workspaceRoot, apps);

  let responses: StubResponses = {};
  const stub = await startStub(() => responses);
  try {
    const invocationDir = join(benchDir(workspaceRoot), 'invocations');
    const plans = [];
    for (const app of apps) {
      const invocation = await loadInvocation(app, stub.url);
      plans.push({
        app,
        invocation,
        invocationFile: invocation && (await writeInvocationFile(invocationDir, app.name, invocation)),
        env: functionEnvironment(
          app.name,
          stub.url,
          invocation?.env ?? {},
          await terraformRuntimeEnvironment(workspaceRoot, app.name),
        ),
        variants: built.filter((b) => b.app === app.name),
      });
    }

    const samples = new Map<string, Sample[]>();
    // Round 0 is a warm-up (file system cache, first JIT of node itself) and is not recorded.
    for (let round = 0; round <= runs; round++) {
      for (const plan of plans) {
        responses = plan.invocation?.responses ?? {};
        for (const variant of rotate(plan.variants, round)) {
          const sample = await measureOnce(variant, plan.env, plan.invocationFile);
          if (round === 0) continue;
          const key = `${variant.app}/${variant.variant.id}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
        }
      }
      if (round > 0) process.stdout.write(`  run ${round}/${runs} done\r`);
    }
    process.stdout.write('\n');

    // Every variant must have done the same thing on its first invoke, or the comparison is void.
    const notes: string[] = [];
    for (const plan of plans) {
      if (plan.invocation === undefined) {
        notes.push(
          `${plan.app.name}: no ${plan.app.projectRoot}/bench/event.ts, so only module load was measured.`,
        );
        continue;
      }
      const outcomes = new Set(VARIANTS.map((v) => samples.get(`${plan.app.name}/${v.id}`)?.[0]?.outcome));
      if (outcomes.size !== 1) {
        throw new Error(
          `${plan.app.name}: the variants' first invokes returned different results: ${[...outcomes].join(' | ')}`,
        );
      }
      notes.push(
        `${plan.app.name}: first invoke with ${plan.app.projectRoot}/bench/event.ts returned ${[...outcomes][0]}.`,
      );
    }
    notes.push(
      'Zip bytes of baseline A exclude the AWS SDK (the runtime provides it); those of baseline B exclude every node_modules package.',
    );

    const zipBytes = new Map(built.map((b) => [`${b.app}/${b.variant.id}`, b.zipBytes]));
    const rows = summarize(
      apps.map((a) => a.name),
      VARIANTS,
      zipBytes,
      samples,
      'cjs-external',
    );
    console.log(renderTable(rows));
    for (const note of notes) console.log(`- ${note}`);
    const results = verdicts(rows, 'ours');
    for (const v of results) console.log(describeVerdict(v));

    if (options.doc !== undefined) {
      const section = renderSection({
        rows,
        ours: 'ours',
        machine,
        date: today(),
        runs,
        notes,
      });
      await writeSection(options.doc, 'cold-start', section);
      console.log(`Wrote the cold-start table to ${options.doc}`);
    }
    return results.every((v) => v.met);
  } finally {
    await stub.close();
  }
}
