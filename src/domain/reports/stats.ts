/** Small statistics for the reports: plain definitions, so a person can redo every figure by hand. */

/** Rounded to two decimals: stored reports stay stable to compare and read. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * The 90th percentile by the nearest-rank method: the value at rank ⌈0.9·n⌉ of the sorted values (no
 * interpolation). Of 10 values it is the 9th smallest; of 5, the largest.
 */
export function percentile90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1] ?? null;
}

/** part/whole, or null when there is nothing to divide by (shown as "—", never as 0 %). */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export interface Summary {
  readonly count: number;
  readonly average: number | null;
  readonly p90: number | null;
}

export function summarize(values: readonly number[]): Summary {
  const average = mean(values);
  const p90 = percentile90(values);
  return {
    count: values.length,
    average: average === null ? null : round2(average),
    p90: p90 === null ? null : round2(p90),
  };
}
