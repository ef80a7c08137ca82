import { describe, expect, it } from 'vitest';
import { markers, replaceNamedSection } from '../../doc.js';
import type { Sample } from '../../measure.js';
import { renderSection, summarize, verdicts } from '../../report.js';
import { VARIANTS } from '../../variants.js';

const { start: START_MARKER, end: END_MARKER } = markers('cold-start');
const replaceSection = (document: string, section: string): string =>
  replaceNamedSection(document, 'cold-start', section);

const samples = (loads: number[], invoke: number | null = null): Sample[] =>
  loads.map((loadMs) => ({
    loadMs,
    loadCpuMs: loadMs * 1.5,
    invokeMs: invoke,
    invokeCpuMs: invoke === null ? null : invoke / 2,
    outcome: '{}',
  }));

describe('summarize and verdicts', () => {
  const data = new Map([
    ['fn/ours', samples([40, 38, 90, 39, 41, 37, 42], 20)],
    ['fn/cjs-external', samples([100, 101, 99, 250, 100, 98, 102], 10)],
    ['fn/tsc', samples([130, 120, 125, 122, 121, 119, 500])],
  ]);
  const zips = new Map([
    ['fn/ours', 500_000],
    ['fn/cjs-external', 90_000],
    ['fn/tsc', 30_000],
  ]);
  const rows = summarize(['fn'], VARIANTS, zips, data, 'cjs-external');

  it('reports medians, so one slow process does not move the result, and ratios against baseline A', () => {
    expect(
      rows.map((r) => [
        r.variant.id,
        r.loadMs,
        r.invokeMs,
        Number(r.loadRatio.toFixed(2)),
        r.totalMs,
        r.totalRatio === null ? null : Number(r.totalRatio.toFixed(2)),
        r.zipBytes,
      ]),
    ).toEqual([
      ['ours', 40, 20, 0.4, 60, 0.55, 500_000],
      ['cjs-external', 100, 10, 1, 110, 1, 90_000],
      ['tsc', 122, null, 1.22, null, null, 30_000],
    ]);
  });

  it('judges load plus first invoke: met at exactly 0.7x of baseline A and not above it', () => {
    // Baseline A: load 100 + invoke 10 = 110 per process (median); 0.7x of it is 77.
    const at = (load: number) =>
      summarize(
        ['fn'],
        VARIANTS,
        zips,
        new Map([...data, ['fn/ours', samples([load, load, load, load, load, load, load], 20)]]),
        'cjs-external',
      );
    // CPU: (57 * 1.5 + 20 / 2) over (100 * 1.5 + 10 / 2).
    expect(verdicts(at(57), 'ours')).toEqual([
      { app: 'fn', measure: 'load + first invoke', ratio: 77 / 110, cpuRatio: 95.5 / 155, met: true },
    ]);
    expect(verdicts(at(58), 'ours')[0]?.met).toBe(false);
  });

  it('judges the load alone when the app has no bench event', () => {
    const loadOnly = new Map([
      ['fn/ours', samples([70, 70, 70])],
      ['fn/cjs-external', samples([100, 100, 100])],
      ['fn/tsc', samples([120, 120, 120])],
    ]);
    expect(verdicts(summarize(['fn'], VARIANTS, zips, loadOnly, 'cjs-external'), 'ours')).toEqual([
      { app: 'fn', measure: 'load', ratio: 0.7, cpuRatio: 0.7, met: true },
    ]);
  });

  it('refuses to summarize a variant that has no samples', () => {
    expect(() => summarize(['other'], VARIANTS, zips, data, 'cjs-external')).toThrow(
      'no samples for other/cjs-external',
    );
  });

  it('renders the table with the machine, the date and the verdict between the markers', () => {
    const section = renderSection({
      rows,
      ours: 'ours',
      machine: { cores: 2, cpu: 'Test CPU', node: 'v20.0.0', os: 'Linux 6' },
      date: '2030-01-02',
      runs: 7,
      notes: ['a note'],
    });
    expect(section.startsWith(START_MARKER)).toBe(true);
    expect(section.endsWith(END_MARKER)).toBe(true);
    expect(section).toContain(
      'Measured 2030-01-02 on 2 cores (Test CPU), Node v20.0.0, Linux 6; median of 7',
    );
    expect(section).toContain(
      '| fn | ours: ESM bundle, SDK bundled (nx build options) | 500,000 | 40.0 | 0.40x | 60.0 | 20.0 | 10.0 | 60.0 | 0.55x |',
    );
    expect(section).toContain(
      '| fn | baseline B: tsc output, unbundled CommonJS | 30,000 | 122.0 | 1.22x | 183.0 | not measured | not measured | not measured | not measured |',
    );
    expect(section).toContain(
      '- fn: load + first invoke in 0.55x the time of baseline A (CPU time 0.45x) — target ≤ 0.7x **met**',
    );
    expect(section).toContain('- a note');
  });
});

describe('replaceSection', () => {
  const section = `${START_MARKER}\nnew\n${END_MARKER}`;

  it('replaces only the text between the markers', () => {
    const document = `# Title\n\nintro\n\n${START_MARKER}\nold\n${END_MARKER}\n\nafter\n`;
    expect(replaceSection(document, section)).toBe(`# Title\n\nintro\n\n${section}\n\nafter\n`);
  });

  it('appends the section when the markers are absent', () => {
    expect(replaceSection('# Title\n', section)).toBe(`# Title\n\n${section}\n`);
  });

  it('refuses a document with one marker or with them out of order', () => {
    expect(() => replaceSection(`${START_MARKER}\n`, section)).toThrow('only one of');
    expect(() => replaceSection(`${END_MARKER}\n${START_MARKER}`, section)).toThrow('out of order');
  });
});
