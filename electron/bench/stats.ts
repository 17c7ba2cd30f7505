/** Small statistics for benchmark samples (milliseconds). */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function summarize(samples: readonly number[]) {
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    n: samples.length,
    medianMs: round(quantile(samples, 0.5)),
    p10Ms: round(quantile(samples, 0.1)),
    p90Ms: round(quantile(samples, 0.9)),
  };
}
