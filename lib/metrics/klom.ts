/**
 * KLoM, "KL divergence of margins" (Georgiev, Rinberg, Park, Garg, Ilyas, Madry, Neel 2024,
 * "Attribute-to-Delete: Machine Unlearning via Datamodel Matching", appendix E.1; the metric of
 * the Easy Data Unlearning Bench). Per example x, the margins m(x) = log p_y − max_{j≠y} log p_j
 * under N unlearned and N retrained models form two samples; KLoM(x) = KL(unlearned ‖ retrained)
 * estimated on histograms:
 * - values clipped to [−100, 100];
 * - 20 equal bins spanning both samples together, [min, max] (a single value: [v, v + 1]);
 *   bins are half-open [a, b) except the last, which is closed, as numpy.histogram counts;
 * - bin probabilities p (unlearned) and q (retrained); where p > 0, q is raised to at least
 *   1e-5; then both are normalised to sum 1 and KL = Σ_{p>0} p log(p / q) (scipy.stats.entropy).
 * 0 means the two distributions of margins cannot be told apart at this resolution. Summaries are
 * percentiles over the forget, retain and test examples (linear interpolation, numpy's default).
 *
 * One difference from the bench's code: it bins with numpy.digitize, which leaves out every
 * value equal to the joint maximum (the right edge) and returns NaN when all unlearned margins
 * sit there (e.g. one confident, deterministic model). Here the last bin is closed, so every
 * margin counts and the result is always finite.
 */

export const KLOM_BINS = 20;
export const KLOM_CLIP = 100;
export const KLOM_EPS = 1e-5;
export const KLOM_PERCENTILES = [50, 90, 95, 99] as const;

const clip = (v: number) => Math.min(KLOM_CLIP, Math.max(-KLOM_CLIP, v));

/** KL(unlearned ‖ retrained) of one example's margins (see the file comment). */
export function klomExample(unlearned: ArrayLike<number>, retrained: ArrayLike<number>): number {
  if (unlearned.length === 0 || retrained.length === 0) throw new Error('KLoM needs both samples');
  const u = Array.from(unlearned, clip), r = Array.from(retrained, clip);
  for (const v of [...u, ...r]) if (Number.isNaN(v)) throw new Error('KLoM margin is NaN');
  let start = Infinity, end = -Infinity;
  for (const v of [...u, ...r]) {
    start = Math.min(start, v);
    end = Math.max(end, v);
  }
  if (start >= end) end = start + 1;
  // Edges as numpy.linspace(start, end, 21) gives them; a value's bin is the last edge ≤ it.
  const step = (end - start) / KLOM_BINS;
  const edges = Float64Array.from({ length: KLOM_BINS + 1 }, (_, i) => (i === KLOM_BINS ? end : i * step + start));
  const bin = (v: number) => {
    let b = Math.min(KLOM_BINS - 1, Math.max(0, Math.floor((v - start) / step)));
    while (b > 0 && v < edges[b]) b--;
    while (b < KLOM_BINS - 1 && v >= edges[b + 1]) b++;
    return b;
  };
  const p = new Float64Array(KLOM_BINS), q = new Float64Array(KLOM_BINS);
  for (const v of u) p[bin(v)] += 1 / u.length;
  for (const v of r) q[bin(v)] += 1 / r.length;
  let pSum = 0, qSum = 0;
  for (let b = 0; b < KLOM_BINS; b++) {
    if (p[b] > 0) q[b] = Math.max(q[b], KLOM_EPS);
    pSum += p[b];
    qSum += q[b];
  }
  let kl = 0;
  for (let b = 0; b < KLOM_BINS; b++) if (p[b] > 0) kl += (p[b] / pSum) * Math.log(p[b] / pSum / (q[b] / qSum));
  return Math.max(0, kl);
}

/** numpy.percentile with linear interpolation, of a non-empty sample. */
export function percentile(values: ArrayLike<number>, pct: number): number {
  if (values.length === 0) throw new Error('percentile of an empty sample');
  const v = Float64Array.from(values).sort();
  const pos = ((v.length - 1) * pct) / 100;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

export interface KlomSplitSummary {
  examples: number;
  mean: number;
  /** Percentile → value, for KLOM_PERCENTILES. */
  percentiles: Record<string, number>;
}

export interface KlomInput {
  /** One array per unlearned model: margins of the split's examples, same order everywhere. */
  unlearned: ReadonlyArray<ArrayLike<number>>;
  retrained: ReadonlyArray<ArrayLike<number>>;
}

/** Per-example KLoM of one split and its summary. */
export function klomSplit(input: KlomInput): { perExample: Float64Array; summary: KlomSplitSummary } {
  if (input.unlearned.length === 0 || input.retrained.length === 0) throw new Error('KLoM needs unlearned and retrained models');
  const s = input.unlearned[0].length;
  for (const run of [...input.unlearned, ...input.retrained]) {
    if (run.length !== s) throw new Error(`every model needs margins for all ${s} examples, got ${run.length}`);
  }
  if (s === 0) throw new Error('KLoM needs at least one example');
  const perExample = new Float64Array(s);
  for (let x = 0; x < s; x++) {
    perExample[x] = klomExample(
      input.unlearned.map((m) => m[x]),
      input.retrained.map((m) => m[x]),
    );
  }
  let sum = 0;
  for (const v of perExample) sum += v;
  return {
    perExample,
    summary: {
      examples: s,
      mean: sum / s,
      percentiles: Object.fromEntries(KLOM_PERCENTILES.map((p) => [`p${p}`, percentile(perExample, p)])),
    },
  };
}
