/**
 * Statistics across seeds. Training is stochastic, so one run of a method says little: Lethe
 * runs every method with several seeds and shows mean ± a 95% confidence interval. With the
 * handful of seeds a study can afford (3-10), the normal quantile 1.96 would understate the
 * uncertainty badly (df = 2 needs 4.30), hence Student's t.
 *
 *   mean x̄, sample standard deviation s = sqrt(Σ(x − x̄)² / (n − 1)), standard error s/√n,
 *   95% CI = x̄ ± t_{0.975, n−1} · s/√n.
 */

/** t_{0.975, df} for df = 1..30 (index df − 1), from scipy.stats.t.ppf(0.975, df). */
const T975 = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252,
  2.306004135, 2.262157163, 2.228138852, 2.20098516, 2.17881283, 2.160368656, 2.144786688,
  2.131449546, 2.119905299, 2.109815578, 2.10092204, 2.093024054, 2.085963447, 2.079613845,
  2.073873068, 2.06865761, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142,
  2.045229642, 2.042272456,
];

const Z975 = 1.959963984540054;

/**
 * The 97.5% quantile of Student's t with `df` degrees of freedom: exact table up to 30; above,
 * the Cornish-Fisher expansion in 1/df (Abramowitz & Stegun 26.7.5), accurate to 1e-7 there.
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`degrees of freedom must be a positive integer, got ${df}`);
  if (df <= T975.length) return T975[df - 1];
  const z = Z975;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7, z9 = z ** 9;
  const g1 = (z3 + z) / 4;
  const g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

export interface SeedSummary {
  /** Values used (nulls are skipped: a seed whose run lacks the metric). */
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null for n < 2. */
  sd: number | null;
  /** Standard error of the mean s/√n; null for n < 2. */
  standardError: number | null;
  /** 95% Student-t interval; null for n < 2. */
  ciLow: number | null;
  ciHigh: number | null;
  halfWidth: number | null;
  confidence: 0.95;
  min: number | null;
  max: number | null;
}

/** Mean, sample sd and 95% t-interval of one metric over seeds; nulls are skipped. */
export function summarizeAcrossSeeds(values: ReadonlyArray<number | null>): SeedSummary {
  const xs = values.filter((v): v is number => v !== null);
  for (const v of xs) if (!Number.isFinite(v)) throw new Error(`value ${v} is not finite`);
  const n = xs.length;
  const empty: SeedSummary = {
    n, mean: null, sd: null, standardError: null, ciLow: null, ciHigh: null, halfWidth: null,
    confidence: 0.95, min: null, max: null,
  };
  if (n === 0) return empty;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const min = Math.min(...xs), max = Math.max(...xs);
  if (n < 2) return { ...empty, mean, min, max };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const standardError = sd / Math.sqrt(n);
  const halfWidth = tQuantile975(n - 1) * standardError;
  return {
    n, mean, sd, standardError, ciLow: mean - halfWidth, ciHigh: mean + halfWidth, halfWidth,
    confidence: 0.95, min, max,
  };
}

/**
 * Summaries of every scalar metric over seeds, from one flat record per seed (e.g. each run's
 * `scalars`). A key missing from some records is summarised over the records that have it.
 */
export function summarizeScalarsAcrossSeeds(
  records: ReadonlyArray<Readonly<Record<string, number | null>>>,
): Record<string, SeedSummary> {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) keys.add(k);
  const out: Record<string, SeedSummary> = {};
  for (const k of [...keys].sort()) out[k] = summarizeAcrossSeeds(records.map((r) => r[k] ?? null));
  return out;
}
