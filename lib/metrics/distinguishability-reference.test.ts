/**
 * Forget quality against the NeurIPS 2023 challenge's reference scorer
 * (google-deepmind/unlearning_evaluation, metric.py), on a fixture with exact ties and near-ties.
 *
 * `referenceForgetScore` below is an independent, literal float64 re-implementation of the
 * reference's algorithm written for this test: it materialises every threshold of both grids
 * (as the reference's tensors do), computes the four rates of every rule by averaging 0/1
 * indicators over the models, scores every rule with the reference's special cases and takes
 * nanmax. It shares no code with lib/metrics/distinguishability.ts.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import { distinguishability, exampleEpsilon } from './distinguishability';

const DELTA = 1e-5;
const CAP = 50;

/** torch.linspace(start, end, steps) with the float32 default dtype (scalar kernel). */
function torchLinspace32(start: number, end: number, steps: number): number[] {
  const f = Math.fround;
  if (steps <= 0) return [];
  if (steps === 1) return [f(start)];
  const a = f(start), b = f(end);
  const step = f(f(b - a) / f(steps - 1));
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push(i < Math.floor(steps / 2) ? f(a + f(step * i)) : f(b - f(step * (steps - i - 1))));
  return out;
}

/** numpy.linspace(start, stop, num), endpoint included. */
function npLinspace(start: number, stop: number, num: number): number[] {
  const out: number[] = [];
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out.push(i * step + start);
  out[num - 1] = stop;
  return out;
}

const meanOf = (flags: boolean[]) => flags.filter(Boolean).length / flags.length;
const med = (v: number[]) => {
  const s = [...v].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (v: number[]) => Math.max(...v) - Math.min(...v);

interface Rates { tpr: number; fnr: number; fpr: number; tnr: number }

function doubleRates(posIn: number[], negIn: number[]): Rates[] {
  let pos = posIn, neg = negIn;
  const pd = spread(pos), nd = spread(neg);
  const smallest = pd > nd ? nd : pd;
  if (pd >= nd) [pos, neg] = [neg, pos];
  const min = Math.min(...pos) + smallest - 2, max = Math.max(...pos) + 2;
  const rights = npLinspace(min, max, Math.ceil((max - min) * 100));
  const out: Rates[] = [];
  for (const r of rights) {
    for (const l of npLinspace(r - smallest - 2, r - smallest + 2, 400)) {
      const inside = (c: number) => l <= c && c <= r;
      out.push({ tpr: meanOf(pos.map(inside)), fnr: meanOf(pos.map((c) => !inside(c))), fpr: meanOf(neg.map(inside)), tnr: meanOf(neg.map((c) => !inside(c))) });
    }
  }
  return out;
}

function singleRates(pos: number[], neg: number[]): Rates[] {
  const all = [...pos, ...neg];
  const min = Math.min(...all), max = Math.max(...all);
  return torchLinspace32(min, max, Math.ceil((max - min) * 100)).map((t) => ({
    tpr: meanOf(pos.map((c) => c >= t)),
    fpr: meanOf(neg.map((c) => c >= t)),
    tnr: meanOf(neg.map((c) => c < t)),
    fnr: meanOf(pos.map((c) => c < t)),
  }));
}

function referenceEpsilon(pos: number[], neg: number[]): number {
  const pd = spread(pos), nd = spread(neg);
  const largest = pd > nd ? pd : nd, smallest = pd > nd ? nd : pd;
  if (smallest / largest < 0.01) return CAP;
  const eps: number[] = [];
  for (const { tpr, fnr, fpr, tnr } of [...doubleRates(pos, neg), ...singleRates(pos, neg)]) {
    if (fpr + fnr === 0 && tpr + tnr === 2) eps.push(Infinity);
    else if (fpr * fnr === 0) eps.push(NaN);
    else {
      const terms = [Math.log(1 - DELTA - fpr) - Math.log(fnr), Math.log(1 - DELTA - fnr) - Math.log(fpr)].filter((x) => !Number.isNaN(x));
      eps.push(terms.length ? Math.max(0, Math.max(...terms)) : NaN);
    }
  }
  const kept = eps.filter((e) => !Number.isNaN(e));
  if (kept.length === 0) throw new Error('every rule was discarded');
  return Math.min(CAP, kept.reduce((a, b) => Math.max(a, b), -Infinity));
}

/** The reference's compute_forget_score_from_confs: confs[model][example]. */
function referenceForgetScore(unlearned: number[][], retrained: number[][]): { score: number; eps: number[] } {
  const examples = unlearned[0].length;
  const eps: number[] = [];
  for (let x = 0; x < examples; x++) {
    const u = unlearned.map((m) => m[x]), r = retrained.map((m) => m[x]);
    const retrainIsPositive = med(r) > med(u);
    eps.push(referenceEpsilon(retrainIsPositive ? r : u, retrainIsPositive ? u : r));
  }
  const maxEpsilon = Math.ceil(Math.log(unlearned.length - 1));
  const buckets: Array<[number, number]> = [];
  for (let start = 0, points = 1; start + 0.5 <= maxEpsilon; start += 0.5, points /= 2) buckets.push([start, points]);
  let score = 0;
  for (const e of eps) {
    const hit = buckets.find(([start]) => e < start + 0.5);
    if (hit) score += hit[1];
  }
  return { score: score / examples, eps };
}

/**
 * Fixture, N = 8 models per side, 32 examples, built to hit the cases where a threshold grid
 * and an exact split disagree: exact ties across models and sides (saturated confidences of
 * float32 outputs, φ = ±103.6; a quantised φ), near-ties closer than the grid step (0.01),
 * and ordinary Gaussian samples.
 */
function fixture(): { unlearned: number[][]; retrained: number[][] } {
  const random = createRandom(20231);
  const n = 8;
  const examples: Array<{ u: number[]; r: number[] }> = [];
  for (let x = 0; x < 8; x++) {
    // Near-ties: both samples on a lattice of step 0.003, interleaved, shifted by a few steps.
    const base = 3 + x;
    const u = Array.from({ length: n }, (_, i) => base + 0.003 * (2 * i));
    const r = Array.from({ length: n }, (_, i) => base + 0.003 * (2 * i + 1 + (x % 3) * 2));
    examples.push({ u, r });
  }
  for (let x = 0; x < 8; x++) {
    // Separated by a gap narrower than the grid step: an exact split separates the samples
    // perfectly, the reference's grid only when one of its points happens to fall in the gap.
    const base = -4 + x, gap = 0.00002 * (x + 1);
    const uMax = base + 7 * 1.00071;
    examples.push({ u: Array.from({ length: n }, (_, i) => base + 1.00071 * i), r: Array.from({ length: n }, (_, i) => uMax + gap + 1.3 * i) });
  }
  for (let x = 0; x < 8; x++) {
    // Exact ties: φ quantised to 0.5 (as float32 saturation quantises it), shared values.
    const u = Array.from({ length: n }, () => Math.round(2 * (5 + random.normal())) / 2);
    const r = Array.from({ length: n }, () => Math.round(2 * (5 + 0.4 * x + random.normal())) / 2);
    if (x % 2 === 0) u[0] = r[0] = 103.6; // a saturated, tied value on both sides
    examples.push({ u, r });
  }
  for (let x = 0; x < 8; x++) {
    const u = Array.from({ length: n }, () => 2 + random.normal());
    const r = Array.from({ length: n }, () => 2 + 0.5 * x + random.normal());
    examples.push({ u, r });
  }
  return {
    unlearned: Array.from({ length: n }, (_, i) => examples.map((e) => e.u[i])),
    retrained: Array.from({ length: n }, (_, i) => examples.map((e) => e.r[i])),
  };
}

describe('forget quality equals the reference scorer (fixture with ties)', () => {
  const { unlearned, retrained } = fixture();
  const reference = referenceForgetScore(unlearned, retrained);
  const lethe = distinguishability({ unlearned, retrained });

  it('gives the reference per-example ε on every example and the same score', () => {
    expect(lethe.perExampleEpsilon.length).toBe(32);
    for (let x = 0; x < 32; x++) expect(lethe.perExampleEpsilon[x], `example ${x}`).toBeCloseTo(reference.eps[x], 10);
    expect(lethe.forgetQuality).toBe(reference.score);
  });

  it('the fixture reproduces the old discrepancy: exact splits give a higher ε on near-ties', () => {
    // Lethe before issue 12 enumerated every split exactly; on examples whose φ values sit closer
    // than the grid step it separates what the reference's grid cannot, so its ε is higher.
    let higher = 0;
    for (let x = 0; x < 32; x++) {
      const u = unlearned.map((m) => m[x]), r = retrained.map((m) => m[x]);
      const exact = exampleEpsilon(u, r, DELTA, 'challenge-exact').epsilon;
      expect(exact).toBeGreaterThanOrEqual(reference.eps[x] - 1e-12);
      if (exact > reference.eps[x] + 1e-9) higher++;
    }
    expect(higher).toBeGreaterThan(0);
  });
});
