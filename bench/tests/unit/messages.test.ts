import { describe, expect, it } from 'vitest';
import { markers, type Machine } from '../../doc.js';
import { renderMessagesSection, summarizeMessages } from '../../messages.js';

const machine: Machine = { cores: 2, cpu: 'Test CPU', node: 'v22.0.0', os: 'Linux 6', loadAverage: 1.5 };

describe('the messages suite', () => {
  it('turns the timed POSTs into a rate and the paired times into percentiles and the overhead', () => {
    const figures = summarizeMessages({
      posts: 500,
      concurrency: 8,
      postsMs: 2000,
      toSentMs: [30, 10, 20, 40],
      baselineMs: [2, 1, 3, 4],
      warmup: 10,
    });
    expect(figures.acceptedPerSecond).toBe(250);
    expect(figures.toSent).toMatchObject({ count: 4, p50: 20, p99: 40 });
    expect(figures.baseline).toMatchObject({ p50: 2, p99: 4 });
    expect(figures.overhead).toEqual({ p50: 18, p99: 36 });
    expect(() =>
      summarizeMessages({ posts: 1, concurrency: 1, postsMs: 0, toSentMs: [], baselineMs: [], warmup: 0 }),
    ).toThrow('no messages samples');
  });

  it('renders its section between its own markers', () => {
    const figures = summarizeMessages({
      posts: 100,
      concurrency: 4,
      postsMs: 500,
      toSentMs: [25.04],
      baselineMs: [2.51],
      warmup: 0,
    });
    const section = renderMessagesSection(figures, machine, '2026-12-02');
    const { start, end } = markers('messages');
    expect(section.startsWith(start) && section.endsWith(end)).toBe(true);
    expect(section).toContain('| 4 requests in flight, send-message consuming the outbox meanwhile | 200 |');
    expect(section).toContain('| 1 | 25.0 | 25.0 | 25.0 |');
    expect(section).toContain('| what the service adds (per percentile) | | 22.5 | 22.5 | |');
  });
});
