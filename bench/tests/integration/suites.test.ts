// The benchmarks' measuring code against the real local cloud, with tiny sizes: the numbers are not asserted.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureStartOnce } from '../../local-cloud.js';
import { measureMessages } from '../../messages.js';
import { measureCallbacks } from '../../proofing.js';

const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('measureStartOnce', () => {
  it('starts the local cloud in a fresh process as npm start does and reports each phase', async () => {
    const sample = await measureStartOnce(WORKSPACE_ROOT);
    expect(sample.functions).toContain('local-proof-address');
    for (const phase of [sample.loadMs, sample.startMs, sample.stopMs]) {
      expect(phase).toBeGreaterThan(0);
    }
    expect(sample.readyWallMs).toBeGreaterThan(sample.loadMs + sample.startMs);
  });
});

describe('measureCallbacks', () => {
  it('pairs every checked job callback with a bare POST and keeps the warm-up out of the samples', async () => {
    const result = await measureCallbacks(3, 1);
    expect(result.jobs.count).toBe(3);
    expect(result.baseline.count).toBe(3);
    expect(result.warmup).toBe(1);
    expect(result.jobs.p50).toBeGreaterThan(0);
  });
});

describe('measureMessages', () => {
  it('times accepted POSTs and pairs each message sent with a direct SendEmail', async () => {
    const figures = await measureMessages({ posts: 4, concurrency: 2, messages: 2, warmup: 1 });
    expect(figures.acceptedPerSecond).toBeGreaterThan(0);
    expect([figures.toSent.count, figures.baseline.count, figures.warmup]).toEqual([2, 2, 1]);
    expect(figures.toSent.p50).toBeGreaterThan(0);
  });
});
