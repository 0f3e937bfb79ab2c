/** Order statistics for the devnet bench's samples, and how it prints milliseconds. */

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
export const median = (values: number[]) => quantile(values, 0.5);
export const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
export const ms = (v: number) => v.toFixed(0);
