/**
 * Histograms of per-example loss and confidence on the forget, retain and test sets (from a
 * run's per-example artifact), on shared bins so the three splits compare directly. Shares, not
 * counts: the forget set is usually far smaller than the others.
 */
export interface SplitValues {
  loss: number[];
  confidence: number[];
}

export interface Histogram {
  /** Bin edges, length bins + 1. */
  edges: number[];
  /** Share of each split's values per bin (sums to 1 per split with values). */
  shares: Record<'forget' | 'retain' | 'test', number[]>;
  counts: Record<'forget' | 'retain' | 'test', number>;
}

export interface Distributions {
  loss: Histogram;
  confidence: Histogram;
}

const SPLITS = ['forget', 'retain', 'test'] as const;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))));
  return sorted[i];
}

export function histogram(values: Record<'forget' | 'retain' | 'test', number[]>, lo: number, hi: number, bins: number): Histogram {
  const width = (hi - lo) / bins || 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const shares = {} as Histogram['shares'];
  const counts = {} as Histogram['counts'];
  for (const s of SPLITS) {
    const xs = values[s].filter((v) => Number.isFinite(v));
    const c = new Array<number>(bins).fill(0);
    // Values past the last edge go to the last bin (losses have a long tail, cut at the 99th percentile).
    for (const v of xs) c[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
    shares[s] = c.map((n) => (xs.length ? n / xs.length : 0));
    counts[s] = xs.length;
  }
  return { edges, shares, counts };
}

export function distributions(perExample: Record<'forget' | 'retain' | 'test', SplitValues>, bins = 25): Distributions {
  const loss = { forget: perExample.forget.loss, retain: perExample.retain.loss, test: perExample.test.loss };
  const all = [...loss.forget, ...loss.retain, ...loss.test].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const hi = Math.max(1e-6, quantile(all, 0.99));
  return {
    loss: histogram(loss, 0, hi, bins),
    confidence: histogram({ forget: perExample.forget.confidence, retain: perExample.retain.confidence, test: perExample.test.confidence }, 0, 1, bins),
  };
}
