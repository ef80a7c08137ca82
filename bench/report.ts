import type { Sample } from './measure.js';
import type { Variant } from './variants.js';

export const START_MARKER = '<!-- cold-start:start -->';
export const END_MARKER = '<!-- cold-start:end -->';
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

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  os: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
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
  return [
    START_MARKER,
    `Measured ${options.date} on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.os}; ` +
      `median of ${options.runs} fresh Node processes per variant, variants interleaved.`,
    '',
    renderTable(rows),
    '',
    ...results,
    ...(options.notes.length > 0 ? ['', ...options.notes.map((n) => `- ${n}`)] : []),
    END_MARKER,
  ].join('\n');
}

/** Replaces the text between the markers (inclusive), or appends the section when they are absent. */
export function replaceSection(document: string, section: string): string {
  const start = document.indexOf(START_MARKER);
  const end = document.indexOf(END_MARKER);
  if (start === -1 && end === -1) return `${document.trimEnd()}\n\n${section}\n`;
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`the document has only one of ${START_MARKER} and ${END_MARKER}, or them out of order`);
  }
  return `${document.slice(0, start)}${section}${document.slice(end + END_MARKER.length)}`;
}
