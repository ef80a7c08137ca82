// The cold-start benchmark of every app against two baselines (see docs/performance.md).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, release, type as osType } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { discoverApps, explicitApp, type BenchApp } from './discover.js';
import {
  functionEnvironment,
  loadInvocation,
  measureOnce,
  rotate,
  writeInvocationFile,
  type Sample,
} from './measure.js';
import { renderSection, renderTable, replaceSection, summarize, verdicts } from './report.js';
import { startStub, type StubResponses } from './stub.js';
import { VARIANTS, benchDir, buildVariants } from './variants.js';

const workspaceRoot = fileURLToPath(new URL('../', import.meta.url));
const MIN_RUNS = 7;
const DOC = join(workspaceRoot, 'docs', 'performance.md');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    app: { type: 'string', multiple: true },
    project: { type: 'string', multiple: true },
    'no-write': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
  allowPositionals: false,
});

if (values.help) {
  console.log(`Usage: npm run bench -- [--runs <n>] [--app <name>]... [--project <dir>]... [--no-write] [--check]
  --runs     fresh processes per variant (default 15, at least ${MIN_RUNS}); medians are reported
  --app      only these apps from apps/
  --project  also measure a directory laid out like an app (e.g. tools/release/tests/fixtures/fixture-app)
  --no-write print the table without updating docs/performance.md
  --check    exit 1 when an app misses the target`);
  process.exit(0);
}

const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < MIN_RUNS) {
  console.error(`--runs must be an integer of at least ${MIN_RUNS}, got ${values.runs}`);
  process.exit(2);
}

let apps: BenchApp[] = await discoverApps(workspaceRoot);
if (values.app !== undefined) {
  const unknown = values.app.filter((name) => !apps.some((a) => a.name === name));
  if (unknown.length > 0) {
    console.error(`no app named ${unknown.join(', ')} under apps/`);
    process.exit(2);
  }
  apps = apps.filter((a) => values.app?.includes(a.name));
}
apps.push(...(values.project ?? []).map((dir) => explicitApp(workspaceRoot, resolve(dir))));
if (apps.length === 0) {
  console.error('No apps to measure: no directory under apps/ has a project.json tagged type:app.');
  process.exit(1);
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
      env: functionEnvironment(app.name, stub.url, invocation?.env ?? {}),
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
  for (const v of results)
    console.log(`${v.app}: ${v.ratio.toFixed(2)}x baseline A load time, target ${v.met ? 'met' : 'NOT met'}`);

  if (!values['no-write']) {
    const cpu = cpus();
    const section = renderSection({
      rows,
      ours: 'ours',
      machine: {
        cores: cpu.length,
        cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
        node: process.version,
        os: `${osType()} ${release()}`,
      },
      date: new Date().toISOString().slice(0, 10),
      runs,
      notes,
    });
    const document = existsSync(DOC) ? await readFile(DOC, 'utf8') : '# Performance\n';
    // npm test checks formatting, so write the document as prettier would.
    const formatted = await format(replaceSection(document, section), {
      ...(await resolveConfig(DOC)),
      filepath: DOC,
    });
    await writeFile(DOC, formatted);
    console.log(`Wrote the table to ${DOC}`);
  }
  if (values.check && results.some((v) => !v.met)) process.exitCode = 1;
} finally {
  await stub.close();
}
