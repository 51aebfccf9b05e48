import { describe, expect, it } from 'vitest';
import { STANDARD_GAP_KEYS, metricGaps } from './gaps';

const model = {
  'accuracy.forget': 0.8,
  'accuracy.retain': 0.95,
  'accuracy.test': 0.85,
  'mia.entropy.forgetMemberRate': 0.6,
  'mia.loss.auc': 0.55,
  'timing.seconds': 12,
  'reference.agreement.forget': 0.9,
};

describe('metricGaps', () => {
  it('a model against itself has zero gaps and a zero average gap', () => {
    const r = metricGaps(model, model);
    expect(Object.values(r.gaps).every((g) => g.gap === 0)).toBe(true);
    expect(r.averageGap).toBe(0);
    expect(r.averageGapKeys).toEqual([...STANDARD_GAP_KEYS]);
  });

  it('takes |value − reference| and averages the standard four', () => {
    const ref = { ...model, 'accuracy.forget': 0.7, 'accuracy.test': 0.87, 'mia.entropy.forgetMemberRate': 0.5, 'timing.seconds': 60 };
    const r = metricGaps(model, ref);
    expect(r.gaps['accuracy.forget'].gap).toBeCloseTo(0.1, 12);
    expect(r.gaps['accuracy.forget']).toMatchObject({ value: 0.8, reference: 0.7 });
    expect(r.averageGap).toBeCloseTo((0.1 + 0 + 0.02 + 0.1) / 4, 12);
    expect(r.gaps['timing.seconds']).toBeUndefined(); // cost is not a gap
    expect(r.gaps['reference.agreement.forget']).toBeUndefined();
  });

  it('averages over the standard keys present and lists the missing ones', () => {
    const r = metricGaps({ 'accuracy.forget': 0.5, 'accuracy.test': null }, { 'accuracy.forget': 0.3, 'accuracy.test': 0.8 });
    expect(r.averageGapKeys).toEqual(['accuracy.forget']);
    expect(r.missingStandardKeys).toEqual(['accuracy.retain', 'accuracy.test', 'mia.entropy.forgetMemberRate']);
    expect(r.averageGap).toBeCloseTo(0.2, 12);
    expect(metricGaps({}, {}).averageGap).toBeNull();
  });
});
