import { describe, expect, it } from 'vitest';
import { latencies, median, megabytesPerSecond, overhead, percentile } from '../../stats.js';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose

  it('takes the nearest rank, always a measured value', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('p99 of 500 samples is the 495th smallest, so the five slowest do not count', () => {
    const samples = Array.from({ length: 500 }, (_, i) => (i < 495 ? 1 : 1000));
    expect(percentile(samples, 99)).toBe(1);
    samples[0] = 1000;
    expect(percentile(samples, 99)).toBe(1000);
  });

  it('refuses no values and a percentile outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow('p50 of no values');
    expect(() => percentile([1], 0)).toThrow('percentile must be in (0, 100]');
    expect(() => percentile([1], 101)).toThrow('percentile must be in (0, 100]');
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no values');
  });
});

describe('latencies and overhead', () => {
  it('summarizes p50, p99 and max, and subtracts the baseline per percentile', () => {
    const measured = latencies(Array.from({ length: 100 }, (_, i) => i + 11)); // 11..110
    const baseline = latencies(Array.from({ length: 100 }, (_, i) => i + 1)); // 1..100
    expect(measured).toEqual({ count: 100, p50: 60, p99: 109, max: 110 });
    expect(overhead(measured, baseline)).toEqual({ p50: 10, p99: 10 });
  });
});

describe('megabytesPerSecond', () => {
  it('counts 10^6 bytes as a MB and refuses a duration that is not positive', () => {
    expect(megabytesPerSecond(20_000_000, 10)).toBe(2000);
    expect(() => megabytesPerSecond(1, 0)).toThrow('positive duration');
  });
});
