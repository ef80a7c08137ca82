/** Summary statistics of the benchmarks: medians of fresh-process runs, percentiles of latencies. */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The nearest-rank percentile: the smallest value that at least `p` percent of the values do not
 * exceed. Always one of the measured values (no interpolation), so p99 of 500 samples is the 495th.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error(`p${p} of no values`);
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] as number;
}

export interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencies(values: readonly number[]): Latencies {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: percentile(values, 100),
  };
}

/**
 * What the measured path adds to the baseline at each percentile: p50 of the one minus p50 of the
 * other, and the same for p99. Both series come from the same run, interleaved.
 */
export function overhead(measured: Latencies, baseline: Latencies): { p50: number; p99: number } {
  return { p50: measured.p50 - baseline.p50, p99: measured.p99 - baseline.p99 };
}

/** Bytes per second as MB/s (10^6 bytes). */
export function megabytesPerSecond(bytes: number, milliseconds: number): number {
  if (!(milliseconds > 0)) throw new Error(`a throughput needs a positive duration, got ${milliseconds} ms`);
  return bytes / 1e6 / (milliseconds / 1000);
}
