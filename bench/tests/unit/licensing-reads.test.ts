import { describe, expect, it } from 'vitest';
import { markers, type Machine } from '../../doc.js';
import { BULK_TARGET, bulkRatio, renderLicensingReadsSection } from '../../licensing-reads.js';

const machine: Machine = { cores: 2, cpu: 'Test CPU', node: 'v22.0.0', os: 'Linux 6', loadAverage: 1.5 };

describe('the licensing-reads suite', () => {
  it("takes the median of the rounds' ratios, not the ratio of the medians", () => {
    const rounds = [
      { apiPerSecond: 10, directPerSecond: 100 },
      { apiPerSecond: 90, directPerSecond: 100 },
      { apiPerSecond: 60, directPerSecond: 80 },
    ];
    expect(bulkRatio(rounds)).toBe(0.75);
  });

  it('renders its section between its own markers, with the verdict and the verification cost', () => {
    const figures = {
      rounds: [{ apiPerSecond: 30, directPerSecond: 50 }],
      readsPerRound: 200,
      verifyMicros: 120,
      bareVerifyMicros: 60,
    };
    const section = renderLicensingReadsSection(figures, machine, '2030-01-02');
    expect(section.startsWith(markers('licensing-reads').start)).toBe(true);
    expect(section.endsWith(markers('licensing-reads').end)).toBe(true);
    expect(section).toContain('Measured 2030-01-02 on 2 cores (Test CPU)');
    expect(section).toContain(`0.60x direct BatchGetItem — issue 13's ${BULK_TARGET}x **not met**`);
    expect(section).toContain('120.0 µs per verify');
    expect(section).toContain('(2.00x)');
    const met = renderLicensingReadsSection(
      { ...figures, rounds: [{ apiPerSecond: 40, directPerSecond: 50 }] },
      machine,
      '2030-01-02',
    );
    expect(met).toContain('0.80x direct BatchGetItem');
    expect(met).toContain('**met**');
  });
});
