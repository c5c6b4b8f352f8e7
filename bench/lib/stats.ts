/**
 * Small numeric helpers of the benchmarks: percentiles, rates and how figures are printed.
 */

/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** The value at quantile `q` (0..1) of ascending `sorted`, nearest rank. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** p50 / p99 / p99.9 / max of some latencies (ms). */
export function latencySummary(latencies: number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    p999: quantile(sorted, 0.999),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1],
  };
}

/** Items per second. */
export const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

/** 12,345 */
export const fmt = (n: number): string => n.toLocaleString('en-US');

/** Milliseconds with a sensible precision. */
export const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A ratio as 0.123 or 12.3x. */
export const ratio = (n: number): string => (n >= 10 ? n.toFixed(1) : n >= 1 ? n.toFixed(2) : n.toFixed(3));
