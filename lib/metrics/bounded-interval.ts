/**
 * Intervals over seeds that respect a metric's bounds. A Student-t interval, mean ± t·s/√n, is
 * symmetric and unbounded: with 3 seeds of a forget accuracy of 0%, 0% and 60% it reads
 * "20% ± 74", an upper end of 94% and a lower end of -54%, which no accuracy can be. For metrics
 * with bounds (shares, AUCs, probabilities, gaps of those) Lethe uses the percentile bootstrap
 * over seeds instead (Efron & Tibshirani 1993, ch. 13): resample the n seed values with
 * replacement B times, take the mean of each resample, and report the 2.5th and 97.5th
 * percentiles of those means. Every resampled mean lies between the smallest and the largest
 * observed value, so the interval stays inside the bounds by construction. The resampling uses
 * a fixed seed, so the same values always give the same interval.
 *
 * From BOOTSTRAP_BELOW seeds on, the t interval is reliable and the bootstrap costly for a big
 * table: bounded metrics then use the t interval clipped to the bounds, marked as such.
 *
 * Speedups are ratios: their natural scale is the logarithm. The speedup over seeds is the
 * geometric mean of the per-seed ratios, with a t interval on the log scale taken back with exp
 * (always positive, and symmetric in "x times faster / slower").
 *
 * With few seeds any interval is rough (the bootstrap with n = 3 has only 10 distinct resamples);
 * `rough` says so below 5 seeds.
 */
import { createRandom } from '@/lib/random';
import { summarizeAcrossSeeds, tQuantile975 } from './statistics';

export type IntervalMethod = 'bootstrap-percentile' | 't' | 't-clipped' | 'log-t';

export interface BoundedSummary {
  n: number;
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Half the interval's width; the interval need not be symmetric around the mean. */
  halfWidth: number | null;
  method: IntervalMethod;
  /** Fewer than ROUGH_BELOW values: the interval is rough. */
  rough: boolean;
}

/** 1000 resamples: Efron & Tibshirani's recommendation for percentile intervals, and cheap enough for a table of hundreds of cells. */
export const BOOTSTRAP_RESAMPLES = 1000;
export const BOOTSTRAP_SEED = 20240917;
export const ROUGH_BELOW = 5;

function finite(values: ReadonlyArray<number | null>): number[] {
  const xs = values.filter((v): v is number => v !== null);
  for (const v of xs) if (!Number.isFinite(v)) throw new Error(`value ${v} is not finite`);
  return xs;
}

/** Linear-interpolation percentile (numpy's default) of sorted values, q in [0, 1]. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The k-th smallest value (0-based) of `xs`, rearranging it in place (Hoare's quickselect). */
function selectInPlace(xs: Float64Array, k: number, from = 0): number {
  let lo = from, hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >>> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k];
  }
  return xs[k];
}

/** The same value as percentileOfSorted on the sorted array, without sorting all of it. */
export function percentileBySelection(xs: Float64Array, q: number): number {
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  const a = selectInPlace(xs, lo);
  if (hi === lo) return a;
  // After selecting lo, everything above position lo is >= xs[lo]: the next order statistic is their minimum.
  let b = Infinity;
  for (let i = lo + 1; i < xs.length; i++) if (xs[i] < b) b = xs[i];
  return a + (b - a) * (pos - lo);
}

const resampleCache = new Map<string, Int32Array>();

/**
 * The resampled positions for n values, drawn once per (n, B) from the fixed seed: every metric
 * with the same number of seeds is resampled the same way (like a fixed set of bootstrap
 * replicates), and a table of many metrics does not draw them again for each one.
 */
function resampleIndices(n: number, resamples: number): Int32Array {
  const key = `${n}:${resamples}`;
  let picks = resampleCache.get(key);
  if (!picks) {
    const random = createRandom(BOOTSTRAP_SEED + n);
    picks = new Int32Array(n * resamples);
    for (let i = 0; i < picks.length; i++) picks[i] = random.int(n);
    resampleCache.set(key, picks);
  }
  return picks;
}

/**
 * Mean and 95% percentile-bootstrap interval over seeds; nulls are skipped. The interval is
 * also clipped to `bounds` (a no-op for the bootstrap, which cannot leave [min, max]; kept so a
 * caller's bounds are a guarantee, not a property of the data).
 */
export function bootstrapSummary(
  values: ReadonlyArray<number | null>,
  bounds: readonly [number, number] = [-Infinity, Infinity],
  resamples = BOOTSTRAP_RESAMPLES,
): BoundedSummary {
  const xs = Float64Array.from(finite(values));
  const n = xs.length;
  const base = { n, method: 'bootstrap-percentile' as const, rough: n < ROUGH_BELOW };
  if (n === 0) return { ...base, mean: null, sd: null, ciLow: null, ciHigh: null, halfWidth: null };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { ...base, mean, sd: null, ciLow: null, ciHigh: null, halfWidth: null };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  // All seeds agree: every resample has the same mean, the interval is that point.
  if (sd === 0) return { ...base, mean, sd, ciLow: mean, ciHigh: mean, halfWidth: 0 };
  const picks = resampleIndices(n, resamples);
  const means = new Float64Array(resamples);
  for (let b = 0, at = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[picks[at++]];
    means[b] = s / n;
  }
  const clip = (x: number) => Math.min(bounds[1], Math.max(bounds[0], x));
  const ciLow = clip(percentileBySelection(means, 0.025));
  const ciHigh = clip(percentileBySelection(means, 0.975));
  return { ...base, mean, sd, ciLow, ciHigh, halfWidth: (ciHigh - ciLow) / 2 };
}

/** From this many seeds on, bounded metrics use the t interval clipped to the bounds (see boundedSummary). */
export const BOOTSTRAP_BELOW = 10;

/**
 * The interval of a bounded metric: the percentile bootstrap below BOOTSTRAP_BELOW seeds, where
 * the t interval is least trustworthy and the bootstrap is cheap (B·n additions); from there on
 * the t interval, which is then reliable, clipped to the bounds and marked 't-clipped' when
 * clipping changed it (a table of 32 seeds × hundreds of cells stays fast).
 */
export function boundedSummary(values: ReadonlyArray<number | null>, bounds: readonly [number, number]): BoundedSummary {
  const n = values.filter((v) => v !== null).length;
  if (n < BOOTSTRAP_BELOW) return bootstrapSummary(values, bounds);
  const t = tSummary(values);
  if (t.ciLow === null || t.ciHigh === null) return t;
  const ciLow = Math.max(bounds[0], t.ciLow), ciHigh = Math.min(bounds[1], t.ciHigh);
  if (ciLow === t.ciLow && ciHigh === t.ciHigh) return t;
  return { ...t, ciLow, ciHigh, halfWidth: (ciHigh - ciLow) / 2, method: 't-clipped' };
}

/** The usual Student-t interval, for unbounded metrics (losses, seconds). */
export function tSummary(values: ReadonlyArray<number | null>): BoundedSummary {
  const s = summarizeAcrossSeeds(values);
  return { n: s.n, mean: s.mean, sd: s.sd, ciLow: s.ciLow, ciHigh: s.ciHigh, halfWidth: s.halfWidth, method: 't', rough: s.n < ROUGH_BELOW };
}

/**
 * Geometric mean of positive ratios with a 95% t interval on the log scale, taken back with
 * exp: the speedup over seeds. Non-positive ratios are an error (a time of 0 is a bug upstream).
 */
export function geometricMeanSummary(ratios: ReadonlyArray<number | null>): BoundedSummary {
  const xs = finite(ratios);
  for (const x of xs) if (!(x > 0)) throw new Error(`a ratio must be positive, got ${x}`);
  const logs = xs.map(Math.log);
  const n = logs.length;
  const base = { n, method: 'log-t' as const, rough: n < ROUGH_BELOW };
  if (n === 0) return { ...base, mean: null, sd: null, ciLow: null, ciHigh: null, halfWidth: null };
  const logMean = logs.reduce((a, b) => a + b, 0) / n;
  const mean = Math.exp(logMean);
  if (n < 2) return { ...base, mean, sd: null, ciLow: null, ciHigh: null, halfWidth: null };
  const logSd = Math.sqrt(logs.reduce((a, x) => a + (x - logMean) ** 2, 0) / (n - 1));
  const h = tQuantile975(n - 1) * (logSd / Math.sqrt(n));
  const ciLow = Math.exp(logMean - h), ciHigh = Math.exp(logMean + h);
  // sd: the geometric standard deviation's spread in the ratio's own unit is not a plain sd;
  // report the sd of the ratios themselves for reference.
  const arith = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - arith) ** 2, 0) / (n - 1));
  return { ...base, mean, sd, ciLow, ciHigh, halfWidth: (ciHigh - ciLow) / 2 };
}
