import { describe, expect, it } from 'vitest';
import { markers, type Machine } from '../../doc.js';
import { renderPlatformSection, summarizePlatform, type PlatformOptions } from '../../platform.js';

const machine: Machine = { cores: 2, cpu: 'Test CPU', node: 'v20.0.0', os: 'Linux 6', loadAverage: 1.5 };
const options: PlatformOptions = {
  hashes: 3,
  sealBytes: 1_000_000,
  rounds: 3,
  sealsPerRound: 10,
  items: 1000,
};

describe('the service platform suite', () => {
  const results = {
    hashMs: [300, 320, 900],
    verifyMs: [310, 305, 1000],
    // seal: round ratios 1.0, 0.5, 0.9 -> 0.9; open: all 0.5; batch: 1.0, 0.8, 0.95 -> 0.95
    seal: [
      { oursMs: 100, rawMs: 100 },
      { oursMs: 200, rawMs: 100 },
      { oursMs: 100, rawMs: 90 },
    ],
    open: [
      { oursMs: 100, rawMs: 50 },
      { oursMs: 100, rawMs: 50 },
      { oursMs: 100, rawMs: 50 },
    ],
    batch: [
      { oursMs: 1000, rawMs: 1000 },
      { oursMs: 1000, rawMs: 800 },
      { oursMs: 1000, rawMs: 950 },
    ],
  };

  it('takes medians, and per pair the median of each round ratio against its target', () => {
    const summary = summarizePlatform(options, results);
    expect(summary.hashMs).toBe(320);
    expect(summary.verifyMs).toBe(310);
    expect(summary.seal).toMatchObject({ ratio: 0.9, met: true, oursPerSecond: 100 });
    expect(summary.open).toMatchObject({ ratio: 0.5, met: false, rawPerSecond: 200 });
    expect(summary.batch).toMatchObject({ ratio: 0.95, met: true, oursPerSecond: 1000 });
    expect(() => summarizePlatform(options, { ...results, hashMs: [] })).toThrow('no password hashes');
    expect(() => summarizePlatform(options, { ...results, batch: [] })).toThrow('no rounds');
  });

  it('renders its section between its own markers and says which target is missed', () => {
    const section = renderPlatformSection(summarizePlatform(options, results), machine, '2030-01-02');
    expect(section.startsWith(markers('service-platform').start)).toBe(true);
    expect(section.endsWith(markers('service-platform').end)).toBe(true);
    expect(section).toContain('Measured 2030-01-02 on 2 cores (Test CPU)');
    expect(section).toContain('| `hashPassword` (scrypt N = 2^17, r = 8, p = 1) | 320 ms | | |');
    expect(section).toContain('seal: 0.90x, target 0.8x **met**; open: 0.50x, target 0.8x **NOT met**.');
    expect(section).toContain('Batch write: 0.95x, target 0.9x **met**.');
  });
});
