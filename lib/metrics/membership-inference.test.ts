import { describe, expect, it } from 'vitest';
import {
  crossValidatedLossAttack,
  entropyMembershipAttack,
  mannWhitneyAuc,
  thresholdAttack,
} from './membership-inference';
import { normalSample } from './test-fixtures';

function trapezoidArea(curve: { falsePositiveRate: number; truePositiveRate: number }[]): number {
  let a = 0;
  for (let i = 1; i < curve.length; i++) {
    a += ((curve[i].falsePositiveRate - curve[i - 1].falsePositiveRate) *
      (curve[i].truePositiveRate + curve[i - 1].truePositiveRate)) / 2;
  }
  return a;
}

describe('thresholdAttack', () => {
  it('gives AUC ≈ 0.5 and a small advantage for identical member / non-member distributions', () => {
    const r = thresholdAttack(normalSample(2000, 0, 1, 1), normalSample(2000, 0, 1, 2));
    // sd of the AUC under H0 = sqrt((nM + nN + 1) / (12 nM nN)) ≈ 0.009; allow > 4 sd.
    expect(Math.abs(r.auc - 0.5)).toBeLessThan(0.04);
    // advantage = two-sample KS statistic; its 99.9% critical value here is ≈ 0.062.
    expect(r.advantage).toBeLessThan(0.07);
    expect(r.curve.length).toBeLessThanOrEqual(200);
    expect(r.fullCurveLength).toBe(4001);
  });

  it('gives AUC 1 and advantage 1 for perfectly separated scores, with a separating threshold', () => {
    const r = thresholdAttack([5, 6, 7], [1, 2, 3, 4]);
    expect(r.auc).toBe(1);
    expect(r.advantage).toBe(1);
    expect(r.bestThreshold).toBe(5);
    expect([r.bestTruePositiveRate, r.bestFalsePositiveRate]).toEqual([1, 0]);
  });

  it('treats lower scores as members for losses', () => {
    const r = thresholdAttack([0.1, 0.2], [1, 2, 3], { memberSide: 'lower', score: 'loss' });
    expect(r.auc).toBe(1);
    expect(r.bestThreshold).toBe(0.2); // member if loss ≤ 0.2
    expect(r.score).toBe('loss');
    expect(thresholdAttack([0.1, 0.2], [1, 2, 3]).auc).toBe(0); // wrong side: AUC flips
  });

  it('counts ties one half (Mann-Whitney) and matches the area under the full curve', () => {
    // pairs: (1,2) 0, (1,0) 1, (2,2) ½, (2,0) 1, (2,2) ½, (2,0) 1 -> 4/6
    expect(mannWhitneyAuc([1, 2, 2], [2, 0])).toBeCloseTo(4 / 6, 12);
    const r = thresholdAttack([1, 2, 2], [2, 0]);
    expect(r.auc).toBeCloseTo(4 / 6, 12);
    expect(trapezoidArea(r.curve)).toBeCloseTo(4 / 6, 12);
    const m = normalSample(500, 0.5, 1, 3).map((v) => Math.round(v * 4) / 4); // heavy ties
    const n = normalSample(700, 0, 1, 4).map((v) => Math.round(v * 4) / 4);
    const big = thresholdAttack(m, n, { maxCurvePoints: 100000 });
    expect(trapezoidArea(big.curve)).toBeCloseTo(big.auc, 12);
  });

  it('downsamples the curve but keeps both ends and the best point', () => {
    const r = thresholdAttack(normalSample(3000, 1, 1, 5), normalSample(3000, 0, 1, 6), { maxCurvePoints: 50 });
    expect(r.curve.length).toBeLessThanOrEqual(50);
    expect(r.curve[0]).toEqual({ falsePositiveRate: 0, truePositiveRate: 0, threshold: null });
    expect(r.curve[r.curve.length - 1]).toMatchObject({ falsePositiveRate: 1, truePositiveRate: 1 });
    expect(r.curve.some((p) => p.threshold === r.bestThreshold)).toBe(true);
    // Two unit-variance normals one sd apart: AUC = Φ(1/√2) ≈ 0.760.
    expect(r.auc).toBeGreaterThan(0.73);
    expect(r.auc).toBeLessThan(0.79);
  });
});

describe('entropyMembershipAttack (SCRUB)', () => {
  const retain = normalSample(3000, 0.2, 0.1, 10).map(Math.abs); // confident on members
  const test = normalSample(1000, 1.2, 0.2, 11).map(Math.abs);

  it('calls member-like forget entropies members and test-like ones non-members', () => {
    const memberLike = entropyMembershipAttack(normalSample(200, 0.2, 0.1, 12).map(Math.abs), retain, test, 1);
    const testLike = entropyMembershipAttack(normalSample(200, 1.2, 0.2, 13).map(Math.abs), retain, test, 1);
    expect(memberLike.forgetMemberRate).toBeGreaterThan(0.95);
    expect(testLike.forgetMemberRate).toBeLessThan(0.05);
    expect(memberLike.trainingRowsPerClass).toBe(1000); // balanced down to the test size
    expect(memberLike.slope).toBeLessThan(0); // higher entropy, less likely a member
  });

  it('is deterministic for a seed', () => {
    const f = normalSample(100, 0.7, 0.3, 14).map(Math.abs);
    expect(entropyMembershipAttack(f, retain, test, 5)).toEqual(entropyMembershipAttack(f, retain, test, 5));
  });
});

describe('crossValidatedLossAttack (NeurIPS 2023 starting kit)', () => {
  it('is near 0.5 when forget and test losses share a distribution', () => {
    const r = crossValidatedLossAttack(normalSample(600, 1, 0.5, 20), normalSample(900, 1, 0.5, 21), 3);
    expect(r.folds).toBe(10);
    expect(r.rowsPerClass).toBe(600);
    expect(Math.abs(r.accuracy - 0.5)).toBeLessThan(0.07);
  });

  it('is near 1 when they are far apart, and deterministic for a seed', () => {
    const f = normalSample(100, 0.05, 0.02, 22), t = normalSample(300, 2, 0.3, 23);
    const r = crossValidatedLossAttack(f, t, 4);
    expect(r.accuracy).toBeGreaterThan(0.98);
    expect(r).toEqual(crossValidatedLossAttack(f, t, 4));
  });

  it('lowers k to the rows per class and needs two rows per class', () => {
    expect(crossValidatedLossAttack([0.1, 0.2, 0.3], [1, 2, 3, 4], 1).folds).toBe(3);
    expect(() => crossValidatedLossAttack([0.1], [1, 2], 1)).toThrow(/>= 2 rows/);
  });
});
