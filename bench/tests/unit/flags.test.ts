import { describe, expect, it } from 'vitest';
import { markers, type Machine } from '../../doc.js';
import { renderFlagSection, summarizeFlags } from '../../flags.js';

const machine: Machine = { cores: 2, cpu: 'Test CPU', node: 'v22.0.0', os: 'Linux 6', loadAverage: 1 };

describe('the feature flag suite', () => {
  it('takes per-check medians and, per round, the ratio of the two read paths measured together', () => {
    const options = { rounds: 3, reads: 100, checks: 10_000 };
    const summary = summarizeFlags(options, [
      { uncachedMs: 200, directMs: 100, cachedMs: 5 },
      { uncachedMs: 300, directMs: 300, cachedMs: 2 },
      { uncachedMs: 100, directMs: 150, cachedMs: 3 },
    ]);
    expect(summary.uncachedMsPerCheck).toBe(2);
    expect(summary.directMsPerRead).toBe(1.5);
    // Round ratios 0.5, 1 and 1.5: the median ratio, not the ratio of the medians.
    expect(summary.ratio).toBe(1);
    expect(summary.cachedMicrosecondsPerCheck).toBe(0.3);
    expect(() => summarizeFlags(options, [])).toThrow(/no rounds/);
  });

  it('renders its own section of docs/performance.md', () => {
    const summary = summarizeFlags({ rounds: 1, reads: 10, checks: 1000 }, [
      { uncachedMs: 25, directMs: 20, cachedMs: 1 },
    ]);
    const section = renderFlagSection(summary, machine, '2026-12-02');
    expect(section.startsWith(markers('feature-flags').start)).toBe(true);
    expect(section.endsWith(markers('feature-flags').end)).toBe(true);
    expect(section).toContain('| 1.00 µs |');
    expect(section).toContain('| 2.50 ms |');
    expect(section).toContain('0.80x the speed');
  });
});
