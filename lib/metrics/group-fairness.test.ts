import { describe, expect, it } from 'vitest';
import { demographicParity, equalizedOdds, groupFairness, perGroupAccuracy } from './group-fairness';

// Binary task, 8 rows, two groups. Predictions (argmax) and labels:
//   group 0: y = 1 1 0 0, ŷ = 1 0 0 0  -> acc 3/4, P(ŷ=1) = 1/4, TPR 1/2, FPR 0
//   group 1: y = 1 1 0 0, ŷ = 1 1 1 0  -> acc 3/4, P(ŷ=1) = 3/4, TPR 1,   FPR 1/2
const pred = [1, 0, 0, 0, 1, 1, 1, 0];
const probs = Float32Array.from(pred.flatMap((p) => (p === 1 ? [0.2, 0.8] : [0.8, 0.2])));
const labels = Int32Array.from([1, 1, 0, 0, 1, 1, 0, 0]);
const sex = { name: 'sex', codes: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), values: ['f', 'm'] };

describe('group metrics', () => {
  it('per-group accuracy and the largest gap', () => {
    const r = perGroupAccuracy(probs, labels, 2, sex);
    expect(r.groups.map((g) => [g.name, g.count, g.accuracy])).toEqual([['f', 4, 0.75], ['m', 4, 0.75]]);
    expect(r.largestGap).toBe(0);
  });

  it('demographic parity gap of the positive class (class 1 by default for binary)', () => {
    const r = demographicParity(probs, labels, 2, sex);
    expect(r.aggregation).toBe('positive-class');
    expect(r.positiveClass).toBe(1);
    expect(r.classes[0].selectionRateByGroup).toEqual([0.25, 0.75]);
    expect(r.gap).toBe(0.5);
  });

  it('equalised odds gap = max(TPR gap, FPR gap)', () => {
    const r = equalizedOdds(probs, labels, 2, sex);
    expect(r.classes[0].truePositiveRateGap).toBe(0.5);
    expect(r.classes[0].falsePositiveRateGap).toBe(0.5);
    expect(r.gap).toBe(0.5);
    // With class 0 positive: TPR(0) = 1 vs 1/2, FPR(0) = 1/2 vs 0.
    const r0 = equalizedOdds(probs, labels, 2, sex, { positiveClass: 0 });
    expect(r0.gap).toBe(0.5);
  });

  it('multiclass without a positive class averages one-vs-rest gaps and says so', () => {
    // 3 classes, 2 groups of 3 rows; group 0 always right, group 1 always predicts class 0.
    const p = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0]);
    const y = Int32Array.from([0, 1, 2, 0, 1, 2]);
    const g = { name: 'site', codes: Int32Array.from([0, 0, 0, 1, 1, 1]) };
    const dp = demographicParity(p, y, 3, g);
    expect(dp.aggregation).toBe('mean-over-classes');
    // P(ŷ=c|g): class 0: 1/3 vs 1, class 1: 1/3 vs 0, class 2: 1/3 vs 0 -> gaps 2/3, 1/3, 1/3.
    const gaps = dp.classes.map((c) => c.gap as number);
    [2 / 3, 1 / 3, 1 / 3].forEach((v, i) => expect(gaps[i]).toBeCloseTo(v, 12));
    expect(dp.gap).toBeCloseTo(4 / 9, 12);
    expect(dp.maxGap).toBeCloseTo(2 / 3, 12);
    const acc = perGroupAccuracy(p, y, 3, g);
    expect(acc.largestGap).toBeCloseTo(2 / 3, 12);
    expect(acc.worstGroup).toBe(1);
    expect(acc.groups[0].name).toBeNull();
  });

  it('ignores empty groups and needs two groups for a gap', () => {
    const g = { name: 'x', codes: new Int32Array(8), values: ['a', 'b'] };
    const r = groupFairness(probs, labels, 2, g);
    expect(r.accuracy.groups[1]).toEqual({ code: 1, name: 'b', count: 0, accuracy: null });
    expect(r.accuracy.largestGap).toBeNull();
    expect(r.demographicParity.gap).toBeNull();
    expect(r.equalizedOdds.gap).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
