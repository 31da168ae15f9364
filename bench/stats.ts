/** Small helpers shared by the benchmarks: a seeded PRNG, medians, percentiles and readable figures. */

/** mulberry32: a small deterministic PRNG, so every run measures the same generated data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The middle value (the mean of the two middle ones for an even count); 0 for an empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** A summary of timings in milliseconds. */
export interface TimingSummary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

/** The nearest-rank percentile (0-100) of `values`; 0 for an empty list. */
export function percentile(values: readonly number[], rank: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export function summarize(values: readonly number[]): TimingSummary {
  const mean = values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    count: values.length,
    mean,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length === 0 ? 0 : Math.max(...values),
  };
}

/** Milliseconds with precision that fits their size: 0.042 ms, 1.37 ms, 812 ms, 2.41 s. */
export function formatMs(ms: number): string {
  if (ms >= 1_000) return `${(ms / 1_000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(3)} ms`;
}

/** Bytes as megabytes with one decimal: "21.9 MB". */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** "ratio 0.42 (below 1 meets it)": how a figure compares with its target. */
export function formatRatio(value: number, target: number): string {
  return `ratio ${(value / target).toFixed(2)} (below 1 meets it)`;
}

/** "mean 0.41 ms, p50 0.38 ms, p99 1.20 ms, max 3.1 ms (n = 2000)". */
export function formatSummary(summary: TimingSummary): string {
  return `mean ${formatMs(summary.mean)}, p50 ${formatMs(summary.p50)}, p99 ${formatMs(summary.p99)}, max ${formatMs(summary.max)} (n = ${summary.count})`;
}
