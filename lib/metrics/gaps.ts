/**
 * Gaps to the retrained model. Unlearning is judged against Mr, the model retrained from
 * scratch on the retain set, not against zero: even Mr classifies much of a random forget set
 * correctly. So every scalar metric is also reported as |metric(Mu) − metric(Mr)|, and the
 * average gap over a standard set is the usual single selection criterion ("Avg. Gap" in
 * Fan et al. 2024, SalUn; Jia et al. 2023, "Model sparsity can simplify machine unlearning").
 *
 * The standard set, STANDARD_GAP_KEYS, is the one those papers average:
 *   forget accuracy (UA), retain accuracy (RA), test accuracy (TA) and the membership-inference
 *   score, here SCRUB's entropy attack: the share of the forget set predicted "member".
 * (SalUn's "MIA-efficacy" is 1 minus such a share; the gap is the same.) All four are fractions
 * in [0, 1], so the average gap is too, and a gap of 0.05 reads as "5 points".
 */

/** Flat scalar metrics of a model, dotted keys (see evaluateModel's `scalars`). */
export type ScalarMetrics = Readonly<Record<string, number | null>>;

export const STANDARD_GAP_KEYS = [
  'accuracy.forget',
  'accuracy.retain',
  'accuracy.test',
  'mia.entropy.forgetMemberRate',
] as const;

export interface MetricGap {
  value: number;
  reference: number;
  /** |value − reference|. */
  gap: number;
}

export interface GapReport {
  /** Per metric present (non-null) in both records. */
  gaps: Record<string, MetricGap>;
  /** Mean gap over `averageGapKeys`; null when none of the standard keys is present in both. */
  averageGap: number | null;
  /** Standard keys averaged (present in both). */
  averageGapKeys: string[];
  /** Standard keys missing from either record (the average is then over fewer metrics). */
  missingStandardKeys: string[];
}

/**
 * Scalars that get no gap: cost (time, speedup) is compared as a ratio, not as a gap, and the
 * `reference.` scalars (agreement, divergence, weight distance) already are distances to Mr.
 */
export const NON_GAP_KEY_PREFIXES = ['timing.', 'reference.'] as const;

/**
 * |value − reference| for every scalar both records have (except cost, see
 * NON_GAP_KEY_PREFIXES), and the average gap over the standard set.
 */
export function metricGaps(
  model: ScalarMetrics,
  reference: ScalarMetrics,
  standardKeys: readonly string[] = STANDARD_GAP_KEYS,
): GapReport {
  const gaps: Record<string, MetricGap> = {};
  for (const key of Object.keys(model).sort()) {
    if (NON_GAP_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    const value = model[key], ref = reference[key];
    if (value === null || value === undefined || ref === null || ref === undefined) continue;
    gaps[key] = { value, reference: ref, gap: Math.abs(value - ref) };
  }
  const averageGapKeys = standardKeys.filter((k) => k in gaps);
  const missingStandardKeys = standardKeys.filter((k) => !(k in gaps));
  const averageGap =
    averageGapKeys.length > 0
      ? averageGapKeys.reduce((s, k) => s + gaps[k].gap, 0) / averageGapKeys.length
      : null;
  return { gaps, averageGap, averageGapKeys, missingStandardKeys };
}
