import { describe, expect, it } from 'vitest';
import {
  DISTINGUISHABILITY_DELTA,
  EPSILON_CAP,
  distinguishability,
  epsilonCeiling,
  epsilonPoints,
  exampleEpsilon,
  logitScaledConfidences,
  logitScaledConfidencesFromLogits,
  ruleEpsilon,
} from './distinguishability';
import { normalSample, softmaxRows } from './test-fixtures';

/** N models x S examples: model i's φ for example x. */
function byModel(perExample: number[][]): number[][] {
  const n = perExample[0].length;
  return Array.from({ length: n }, (_, i) => perExample.map((sample) => sample[i]));
}

describe('logit-scaled confidence φ', () => {
  it('is log p_y − log Σ_{j≠y} p_j', () => {
    const p = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.3, 0.6]);
    const phi = logitScaledConfidences(p, Int32Array.from([0, 2]), 3);
    expect(phi[0]).toBeCloseTo(Math.log(0.7 / 0.3), 6);
    expect(phi[1]).toBeCloseTo(Math.log(0.6 / 0.4), 6);
  });

  it('stays finite when float32 probabilities underflow to 0 or 1', () => {
    const phi = logitScaledConfidences(Float32Array.from([1, 0, 0, 1, 0, 0]), Int32Array.from([0, 1]), 3);
    expect(phi[0]).toBeCloseTo(-Math.log(1e-45), 6);
    expect(phi[1]).toBeCloseTo(Math.log(1e-45), 6);
  });

  it('from logits agrees with the probability form and is exact for large margins', () => {
    const logits = Float32Array.from([2, 1, 0, -1, 3, 0.5]);
    const labels = Int32Array.from([0, 2]);
    const a = logitScaledConfidencesFromLogits(logits, labels, 3);
    const b = logitScaledConfidences(softmaxRows(logits, 3), labels, 3);
    expect(a[0]).toBeCloseTo(b[0], 5);
    expect(a[1]).toBeCloseTo(b[1], 5);
    // margin 60: softmax in float32 gives p_wrong ≈ 1e-26, the logit form gives 60 − ln 2 exactly.
    const big = logitScaledConfidencesFromLogits(Float32Array.from([60, 0, 0]), Int32Array.from([0]), 3);
    expect(big[0]).toBeCloseTo(60 - Math.log(2), 9);
  });
});

describe('ε of one rule, points and the ceiling', () => {
  it('follows the challenge for zeros: both zero = ∞, one zero = discarded', () => {
    expect(ruleEpsilon(0, 0)).toBe(Infinity);
    expect(ruleEpsilon(0, 0.5)).toBeNaN();
    expect(ruleEpsilon(0.5, 0)).toBeNaN();
    expect(ruleEpsilon(0.25, 0.25)).toBeCloseTo(Math.log((0.75 - DISTINGUISHABILITY_DELTA) / 0.25), 12);
    expect(ruleEpsilon(0.5, 0.5)).toBe(0); // negative ε is raised to 0
    expect(ruleEpsilon(1, 0.5)).toBe(0); // log(−δ) is ignored, the other term is < 0
  });

  it('ceil(ln(N − 1)): N = 8 gives 2, N = 3 gives 1, N = 2 gives 0', () => {
    expect(epsilonCeiling(8)).toBe(2);
    expect(epsilonCeiling(3)).toBe(1);
    expect(epsilonCeiling(2)).toBe(0);
    expect(epsilonCeiling(512)).toBe(7);
    expect(() => epsilonCeiling(1)).toThrow();
  });

  it('scores 2^(−floor(ε/0.5)) below the ceiling and 0 at or above it', () => {
    expect(epsilonPoints(0, 2)).toBe(1);
    expect(epsilonPoints(0.49, 2)).toBe(1);
    expect(epsilonPoints(0.5, 2)).toBe(0.5);
    expect(epsilonPoints(1.2, 2)).toBe(0.25);
    expect(epsilonPoints(1.99, 2)).toBe(0.125);
    expect(epsilonPoints(2, 2)).toBe(0);
    expect(epsilonPoints(EPSILON_CAP, 7)).toBe(0);
  });
});

describe('exampleEpsilon', () => {
  it('hand-computed N = 4: u = {1,2,3,4}, r = {3,4,5,6} -> ε = ln((0.75 − δ)/0.25)', () => {
    // Best rule: "φ ≤ 3 is unlearned" (= "φ ≥ 4 is retrained"): FPR = P_r(φ ≤ 3) = 1/4,
    // FNR = P_u(φ > 3) = 1/4. Every other split has a smaller ratio or a zero rate (discarded).
    const e = exampleEpsilon([1, 2, 3, 4], [3, 4, 5, 6]);
    expect(e.reason).toBe('rules');
    expect(e.epsilon).toBeCloseTo(Math.log((0.75 - 1e-5) / 0.25), 12);
    expect([e.falsePositiveRate, e.falseNegativeRate]).toEqual([0.25, 0.25]);
  });

  it('identical samples give ε = 0', () => {
    expect(exampleEpsilon([1, 2, 3], [3, 2, 1]).epsilon).toBe(0);
    expect(exampleEpsilon([5, 5, 5], [5, 5, 5]).epsilon).toBe(0); // both constant: not "peaked"
  });

  it('needs an interval rule when the retrained values sit between the unlearned ones', () => {
    const e = exampleEpsilon([1, 2, 7, 8], [4, 5, 5, 6]);
    expect(e.reason).toBe('perfect-separation');
    expect(e.epsilon).toBe(EPSILON_CAP);
    // The winning interval (grid points of the challenge) holds all of r and none of u.
    const rule = e.rule;
    if (rule === null || rule.low === null || rule.high === null) throw new Error('an interval rule was expected');
    expect(rule.insideIs).toBe('retrained');
    expect(rule.low).toBeGreaterThan(2);
    expect(rule.low).toBeLessThanOrEqual(4);
    expect(rule.high).toBeGreaterThanOrEqual(6);
    expect(rule.high).toBeLessThan(7);
  });

  it('gives the cap when one sample is peaked (range < 1% of the other)', () => {
    expect(exampleEpsilon([2, 2, 2, 2.001], [0, 1, 2, 3]).reason).toBe('peaked');
    expect(exampleEpsilon([2, 2, 2, 2.001], [0, 1, 2, 3]).epsilon).toBe(EPSILON_CAP);
  });
});

describe('rule families', () => {
  it("'all-splits' is a stronger attacker than 'challenge' and never gives a lower ε", () => {
    let stricter = 0;
    for (let x = 0; x < 40; x++) {
      const u = normalSample(8, 0, 1, 500 + x), r = normalSample(8, 0, 1, 600 + x);
      const c = exampleEpsilon(u, r).epsilon, a = exampleEpsilon(u, r, DISTINGUISHABILITY_DELTA, 'all-splits').epsilon;
      expect(a).toBeGreaterThanOrEqual(c);
      if (a > c) stricter++;
    }
    expect(stricter).toBeGreaterThan(0);
  });

  it("hand-computed 'challenge' case with N = 4: u = {0,1,2,3}, r = {1,2,3,10}", () => {
    // Medians 1.5 < 2.5, so thresholds call φ ≥ t "retrained". t = 2: FPR = P_u(φ ≥ 2) = 1/2,
    // FNR = P_r(φ < 2) = 1/4 -> ε = ln((1 − δ − 1/2) / (1/4)) = ln 2 (t = 3 gives the mirror image).
    // Intervals (peakier = u, width 3 ± 2) reach no better split: any set holding all of u
    // holds 3/4 of r, and smaller sets give at most the same ratio 2.
    const e = exampleEpsilon([0, 1, 2, 3], [1, 2, 3, 10]);
    expect(e.epsilon).toBeCloseTo(Math.log((0.5 - 1e-5) / 0.25), 12);
    expect(epsilonPoints(e.epsilon, epsilonCeiling(4))).toBe(0.5);
  });
});

describe('distinguishability (forget quality F)', () => {
  it('two identical populations give F = 1', () => {
    const samples = Array.from({ length: 6 }, (_, x) => Array.from(normalSample(16, x, 1, 100 + x)));
    const r = distinguishability({ unlearned: byModel(samples), retrained: byModel(samples.map((s) => [...s].reverse())) });
    expect(r.forgetQuality).toBe(1);
    expect(r.perExampleEpsilon).toEqual([0, 0, 0, 0, 0, 0]);
    expect(r.numModels).toBe(16);
    expect(r.epsilonCeiling).toBe(3);
    expect(r.logTermRule).toBe('max');
  });

  it('two perfectly separated populations give F = 0', () => {
    for (const n of [3, 8, 32]) {
      const u = Array.from({ length: 4 }, (_, x) => Array.from(normalSample(n, 0, 1, 200 + x)));
      const r = Array.from({ length: 4 }, (_, x) => Array.from(normalSample(n, 20, 1, 300 + x)));
      const res = distinguishability({ unlearned: byModel(u), retrained: byModel(r) });
      expect(res.forgetQuality).toBe(0);
      expect(res.cappedExamples).toBe(4);
      expect(res.perExampleEpsilon).toEqual([EPSILON_CAP, EPSILON_CAP, EPSILON_CAP, EPSILON_CAP]);
    }
  });

  it('hand-computed small case: histogram, F and the final score', () => {
    // Example 0: the N = 4 case above (ε ≈ 1.0986 -> bucket [1, 1.5) -> ¼ point);
    // example 1: identical samples (ε = 0 -> 1 point). F = (¼ + 1) / 2 = 0.625.
    const r = distinguishability({
      unlearned: byModel([[1, 2, 3, 4], [1, 2, 3, 4]]),
      retrained: byModel([[3, 4, 5, 6], [4, 3, 2, 1]]),
      accuracies: { retainUnlearned: 0.9, retainRetrained: 1, testUnlearned: 0.8, testRetrained: 0.8 },
    });
    expect(r.epsilonCeiling).toBe(2);
    expect(r.perExamplePoints).toEqual([0.25, 1]);
    expect(r.forgetQuality).toBe(0.625);
    expect(r.histogram).toEqual([
      { from: 0, to: 0.5, points: 1, count: 1 },
      { from: 0.5, to: 1, points: 0.5, count: 0 },
      { from: 1, to: 1.5, points: 0.25, count: 1 },
      { from: 1.5, to: 2, points: 0.125, count: 0 },
      { from: 2, to: null, points: 0, count: 0 },
    ]);
    expect(r.retainAccuracyRatio).toBeCloseTo(0.9, 12);
    expect(r.finalScore).toBeCloseTo(0.625 * 0.9, 12);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('with N = 2 the ceiling is 0: forget quality is not computable (null with the reason), never 0', () => {
    const r = distinguishability({
      unlearned: [[1], [2]],
      retrained: [[1], [2]],
      accuracies: { retainUnlearned: 1, retainRetrained: 1, testUnlearned: 1, testRetrained: 1 },
    });
    expect(r.epsilonCeiling).toBe(0);
    expect(r.forgetQuality).toBeNull();
    expect(r.finalScore).toBeNull();
    expect(r.notComputable).toMatch(/^not computable with N = 2: the ε ceiling ceil\(ln\(N − 1\)\) is 0/);
    expect(distinguishability({ unlearned: [[1], [2], [3]], retrained: [[1], [2], [3]] }).notComputable).toBeNull();
    expect(r.histogram).toEqual([{ from: 0, to: null, points: 0, count: 1 }]);
  });

  it('rejects ragged inputs', () => {
    expect(() => distinguishability({ unlearned: [[1, 2], [1]], retrained: [[1, 2], [1, 2]] })).toThrow(/forget examples/);
  });
});
