import { loadNote, measuredOn, wrapSection, type Machine } from './doc.js';
import type { Sample } from './measure.js';
import { median } from './stats.js';
import type { Variant } from './variants.js';

/**
 * Issue 16's target: every function's load plus first invocation (what a cold start costs the
 * caller) takes at most 0.7x baseline A's, in the same run. A function without a bench event is
 * judged on its load alone.
 */
export const TARGET_RATIO = 0.7;

export interface Row {
  app: string;
  variant: Variant;
  zipBytes: number;
  runs: number;
  loadMs: number;
  loadCpuMs: number;
  invokeMs: number | null;
  invokeCpuMs: number | null;
  /** Median load time over baseline A's, for the same app. */
  loadRatio: number;
  /** Median over the processes of load plus first invoke; null when the app has no bench event. */
  totalMs: number | null;
  /** totalMs over baseline A's, for the same app. */
  totalRatio: number | null;
  /**
   * The same comparison in CPU time (load plus first invoke, or the load alone without a bench event; medians of
   * each process's sum): waiting for a busy machine's CPU does not inflate it, as it does wall time.
   */
  cpuRatio: number;
}

/** One row per app and variant; `samples` maps `<app>/<variant id>` to its measurements. */
export function summarize(
  apps: readonly string[],
  variants: readonly Variant[],
  zipBytes: ReadonlyMap<string, number>,
  samples: ReadonlyMap<string, Sample[]>,
  baseline: Variant['id'],
): Row[] {
  return apps.flatMap((app) => {
    const of = (variant: Variant['id']): Sample[] => {
      const found = samples.get(`${app}/${variant}`);
      if (found === undefined || found.length === 0) throw new Error(`no samples for ${app}/${variant}`);
      return found;
    };
    // Load plus first invoke of each process, or null when any process was not invoked.
    const totalOf = (runs: readonly Sample[]): number | null =>
      runs.every((s) => s.invokeMs !== null) ? median(runs.map((s) => s.loadMs + (s.invokeMs ?? 0))) : null;
    // CPU time of the load plus first invoke of each process (the load alone when any was not invoked).
    const cpuOf = (runs: readonly Sample[]): number =>
      median(
        runs.map((s) => s.loadCpuMs + (runs.every((r) => r.invokeCpuMs !== null) ? (s.invokeCpuMs ?? 0) : 0)),
      );
    const baselineLoad = median(of(baseline).map((s) => s.loadMs));
    const baselineTotal = totalOf(of(baseline));
    const baselineCpu = cpuOf(of(baseline));
    return variants.map((variant) => {
      const runs = of(variant.id);
      const invokes = runs.map((s) => s.invokeMs).filter((v): v is number => v !== null);
      const invokeCpus = runs.map((s) => s.invokeCpuMs).filter((v): v is number => v !== null);
      const loadMs = median(runs.map((s) => s.loadMs));
      const totalMs = totalOf(runs);
      return {
        app,
        variant,
        zipBytes: zipBytes.get(`${app}/${variant.id}`) ?? 0,
        runs: runs.length,
        loadMs,
        loadCpuMs: median(runs.map((s) => s.loadCpuMs)),
        invokeMs: invokes.length === runs.length ? median(invokes) : null,
        invokeCpuMs: invokeCpus.length === runs.length ? median(invokeCpus) : null,
        loadRatio: loadMs / baselineLoad,
        totalMs,
        totalRatio: totalMs === null || baselineTotal === null ? null : totalMs / baselineTotal,
        cpuRatio: cpuOf(runs) / baselineCpu,
      };
    });
  });
}

const ms = (value: number | null): string => (value === null ? 'not measured' : value.toFixed(1));

export function renderTable(rows: readonly Row[]): string {
  const lines = [
    '| function | variant | zip bytes | load (init) ms | load vs A | load CPU ms | first invoke ms | invoke CPU ms | load + invoke ms | load + invoke vs A |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const totalRatio = row.totalRatio === null ? 'not measured' : `${row.totalRatio.toFixed(2)}x`;
    lines.push(
      `| ${row.app} | ${row.variant.label} | ${row.zipBytes.toLocaleString('en-US')} | ${ms(row.loadMs)} | ${row.loadRatio.toFixed(2)}x | ${ms(row.loadCpuMs)} | ${ms(row.invokeMs)} | ${ms(row.invokeCpuMs)} | ${ms(row.totalMs)} | ${totalRatio} |`,
    );
  }
  return lines.join('\n');
}

export interface Verdict {
  app: string;
  /** What the ratio measures: load plus first invoke, or the load alone without a bench event. */
  measure: 'load + first invoke' | 'load';
  ratio: number;
  /** The same measure in CPU time (see Row.cpuRatio); shown beside the verdict, which is on wall time. */
  cpuRatio: number;
  met: boolean;
}

/** One line per app: does our bundle meet the target against baseline A? */
export function verdicts(rows: readonly Row[], ours: Variant['id']): Verdict[] {
  return rows
    .filter((row) => row.variant.id === ours)
    .map((row) => {
      const ratio = row.totalRatio ?? row.loadRatio;
      const measure = row.totalRatio === null ? 'load' : 'load + first invoke';
      return { app: row.app, measure, ratio, cpuRatio: row.cpuRatio, met: ratio <= TARGET_RATIO };
    });
}

export const describeVerdict = (v: Verdict): string =>
  `${v.app}: ${v.measure} in ${v.ratio.toFixed(2)}x the time of baseline A (CPU time ${v.cpuRatio.toFixed(2)}x) — target ≤ ${TARGET_RATIO}x ${v.met ? '**met**' : '**NOT met**'}`;

export function renderSection(options: {
  rows: readonly Row[];
  ours: Variant['id'];
  machine: Machine;
  date: string;
  runs: number;
  notes: readonly string[];
}): string {
  const { rows, machine } = options;
  const results = verdicts(rows, options.ours).map((v) => `- ${describeVerdict(v)}`);
  return wrapSection('cold-start', [
    `${measuredOn(options.date, machine)}; ` +
      `median of ${options.runs} fresh Node processes per variant, variants interleaved.${loadNote(machine)}`,
    '',
    renderTable(rows),
    '',
    ...results,
    ...(options.notes.length > 0 ? ['', ...options.notes.map((n) => `- ${n}`)] : []),
  ]);
}
