import { createCipheriv, randomBytes } from 'node:crypto';
import type { LocalCloudBenchmark } from '@backend/local-cloud';
import { describe, expect, it } from 'vitest';
import { measureDecryption, rawDecrypt, summarizeDecryption } from '../../decrypt.js';
import { markers, type Machine } from '../../doc.js';
import { renderLocalCloudSection, summarizeLocalCloud, type StartSample } from '../../local-cloud.js';
import { renderProofingSection, summarizeCallbacks } from '../../proofing.js';

const machine: Machine = { cores: 2, cpu: 'Test CPU', node: 'v20.0.0', os: 'Linux 6', loadAverage: 3.25 };

const start = (readyWallMs: number): StartSample => ({
  readyWallMs,
  loadMs: 800,
  startMs: readyWallMs - 900,
  stopMs: 5,
  functions: ['local-proof-address'],
});
const round = (viaSqs: number, direct: number): LocalCloudBenchmark => ({
  startMs: 10,
  items: 2000,
  sqsToDynamoDbPerSecond: viaSqs,
  batchWriteItemPerSecond: direct,
});

describe('the local cloud suite', () => {
  it('takes medians of the starts and, per round, the ratio of the two paths measured together', () => {
    const summary = summarizeLocalCloud({
      firstStarts: [start(3000), start(12_000), start(2500)],
      starts: [start(1600), start(1700), start(9000)],
      throughput: [round(500, 5000), round(900, 6000), round(400, 8000)],
    });
    expect(summary).toMatchObject({ startRuns: 3, readyWallMs: 1700, startMs: 800, rounds: 3, items: 2000 });
    expect(summary.sqsToDynamoDbPerSecond).toBe(500);
    expect(summary.batchWriteItemPerSecond).toBe(6000);
    // Round ratios 0.1, 0.15 and 0.05: the median ratio, not the ratio of the medians.
    expect(summary.ratio).toBe(0.1);
    expect(summary.readyMet).toBe(true);
    expect(summary).toMatchObject({ firstReadyWallMs: 3000, firstReadyMet: true });
    const slow = summarizeLocalCloud({
      firstStarts: [start(10_001)],
      starts: [start(5001)],
      throughput: [round(1, 1)],
    });
    expect([slow.readyMet, slow.firstReadyMet]).toEqual([false, false]);
    expect(() => summarizeLocalCloud({ firstStarts: [], starts: [], throughput: [] })).toThrow(
      'no local cloud samples',
    );
  });

  it('renders its section between its own markers with the verdict', () => {
    const summary = summarizeLocalCloud({
      firstStarts: [start(3400)],
      starts: [start(1700)],
      throughput: [round(900, 6000)],
    });
    const section = renderLocalCloudSection(summary, machine, '2030-01-02');
    expect(section.startsWith(markers('local-cloud').start)).toBe(true);
    expect(section.endsWith(markers('local-cloud').end)).toBe(true);
    expect(section).toContain('Measured 2030-01-02 on 2 cores (Test CPU), Node v20.0.0, Linux 6.');
    expect(section).toContain('deploying local-proof-address');
    expect(section).toContain('The 1-minute load average was 3.3 on 2 cores when the suite began.');
    expect(section).toContain(
      "| spawn to ready (what `npm start` waits for, less npm's own start) | 1,700 ms |",
    );
    expect(section).toContain('| 900 | 0.15x |');
    expect(section).toContain("issue 4's 5 s for `npm start` **met**");
    expect(section).toContain(
      '| first start on a fresh clone (nothing bundled, tsx cache off), spawn to ready | 3,400 ms |',
    );
    expect(section).toContain("issue 9's 10 s **met**");
  });
});

describe('the proofing suite', () => {
  const evenly = (from: number) => Array.from({ length: 100 }, (_, i) => from + i / 10);

  it('meets the target only while the p99 overhead stays under 50 ms', () => {
    const fast = summarizeCallbacks(evenly(5), evenly(1), 20);
    expect(fast.overhead.p50).toBeCloseTo(4);
    expect(fast.overhead.p99).toBeCloseTo(4);
    expect(fast.met).toBe(true);
    const slowTail = [...evenly(5).slice(0, 98), 80, 90];
    expect(summarizeCallbacks(slowTail, evenly(1), 20).met).toBe(false);
  });

  it('renders both tables and both verdicts between its markers', () => {
    const callbacks = summarizeCallbacks(evenly(5), evenly(1), 20);
    const decryption = summarizeDecryption({ bytes: 2_000_000, rounds: 2, perRound: 10 }, [
      { oursMs: 10, rawMs: 7 },
      { oursMs: 10, rawMs: 9 },
    ]);
    const section = renderProofingSection(callbacks, decryption, machine, '2030-01-02');
    expect(section.startsWith(markers('proofing').start)).toBe(true);
    expect(section).toContain('100 jobs after 20 warm-up jobs');
    expect(section).toContain('| overhead (job minus baseline, per percentile) | | 4.0 | 4.0 | |');
    expect(section).toContain('| `aesGcmDecrypt` of `@backend/crypto` | 2,000 | 0.80x |');
    expect(section).toContain('target < 50 ms **met**');
    expect(section).toContain('target ≥ 0.8x **met**');
  });
});

describe('decryption', () => {
  it('compares throughput per round and holds 0.8x as met', () => {
    const summary = summarizeDecryption({ bytes: 1_000_000, rounds: 3, perRound: 4 }, [
      { oursMs: 10, rawMs: 5 },
      { oursMs: 10, rawMs: 8 },
      { oursMs: 10, rawMs: 10 },
    ]);
    expect(summary).toMatchObject({ oursMBps: 400, rawMBps: 500, ratio: 0.8, met: true });
    expect(() => summarizeDecryption({ bytes: 1, rounds: 0, perRound: 1 }, [])).toThrow(
      'no decryption rounds',
    );
  });

  it('the raw baseline decrypts ciphertext || tag and rejects a wrong tag', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update('an image'), cipher.final(), cipher.getAuthTag()]);
    expect(rawDecrypt(key, iv, data).toString()).toBe('an image');
    data[data.length - 1]! ^= 1;
    expect(() => rawDecrypt(key, iv, data)).toThrow();
  });

  it('measures both implementations on the same small image', () => {
    const summary = measureDecryption({ bytes: 4096, rounds: 2, perRound: 2 });
    expect(summary.oursMBps).toBeGreaterThan(0);
    expect(summary.rawMBps).toBeGreaterThan(0);
    expect(summary.rounds).toBe(2);
  });
});
