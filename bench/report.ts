import { measuredOn, wrapSection, type Machine } from './doc.js';
import type { Sample } from './measure.js';
import { median } from './stats.js';
import type { Variant } from './variants.js';

/** Issue 2's target: every function loads in at most 0.4x the time of baseline A. */
export const TARGET_RATIO = 0.4;

export interface Row {
  app: string;
  variant: Variant;
  zipBytes: number;
  runs: number;
  loadMs: number;
  loadCpuMs: number;
  invokeMs: number | null;
  /** Median load time over baseline A's, for the same app. */
  loadRatio: number;
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
    const baselineLoad = median(of(baseline).map((s) => s.loadMs));
    return variants.map((variant) => {
      const runs = of(variant.id);
      const invokes = runs.map((s) => s.invokeMs).filter((v): v is number => v !== null);
      const loadMs = median(runs.map((s) => s.loadMs));
      return {
        app,
        variant,
        zipBytes: zipBytes.get(`${app}/${variant.id}`) ?? 0,
        runs: runs.length,
        loadMs,
        loadCpuMs: median(runs.map((s) => s.loadCpuMs)),
        invokeMs: invokes.length === runs.length ? median(invokes) : null,
        loadRatio: loadMs / baselineLoad,
      };
    });
  });
}

const ms = (value: number | null): string => (value === null ? 'not measured' : value.toFixed(1));

export function renderTable(rows: readonly Row[]): string {
  const lines = [
    '| function | variant | zip bytes | load ms | load vs A | load CPU ms | first invoke ms | load + invoke ms |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const row of rows) {
    const total = row.invokeMs === null ? null : row.loadMs + row.invokeMs;
    lines.push(
      `| ${row.app} | ${row.variant.label} | ${row.zipBytes.toLocaleString('en-US')} | ${ms(row.loadMs)} | ${row.loadRatio.toFixed(2)}x | ${ms(row.loadCpuMs)} | ${ms(row.invokeMs)} | ${ms(total)} |`,
    );
  }
  return lines.join('\n');
}

/** One line per app: does our bundle meet the target against baseline A? */
export function verdicts(
  rows: readonly Row[],
  ours: Variant['id'],
): { app: string; ratio: number; met: boolean }[] {
  return rows
    .filter((row) => row.variant.id === ours)
    .map((row) => ({ app: row.app, ratio: row.loadRatio, met: row.loadRatio <= TARGET_RATIO }));
}

export function renderSection(options: {
  rows: readonly Row[];
  ours: Variant['id'];
  machine: Machine;
  date: string;
  runs: number;
  notes: readonly string[];
}): string {
  const { rows, machine } = options;
  const results = verdicts(rows, options.ours).map(
    (v) =>
      `- ${v.app}: loads in ${v.ratio.toFixed(2)}x the time of baseline A — target ≤ ${TARGET_RATIO}x ${v.met ? '**met**' : '**NOT met**'}`,
  );
  return wrapSection('cold-start', [
    `${measuredOn(options.date, machine)}; ` +
      `median of ${options.runs} fresh Node processes per variant, variants interleaved.`,
    '',
    renderTable(rows),
    '',
    ...results,
    ...(options.notes.length > 0 ? ['', ...options.notes.map((n) => `- ${n}`)] : []),
  ]);
}
