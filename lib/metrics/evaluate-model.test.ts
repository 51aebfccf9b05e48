import { describe, expect, it } from 'vitest';
import { evaluateModel, type EvaluateModelInput } from './evaluate-model';
import { STANDARD_GAP_KEYS } from './gaps';
import { crossEntropyLosses } from './per-example';
import { allNumbers, balancedLabels, syntheticOutputs } from './test-fixtures';
import type { SplitOutputs } from './types';

const k = 4;
const labels = { forget: balancedLabels(200, k), retain: balancedLabels(3000, k), test: balancedLabels(1000, k) };
const sex = { name: 'sex', codes: Int32Array.from({ length: 1000 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0), values: ['f', 'm'] };

/** A model that memorised its training data (forget margin `forgetMargin`) and generalises less. */
function model(forgetMargin: number, seed: number): { forget: SplitOutputs; retain: SplitOutputs; test: SplitOutputs } {
  return {
    forget: { probabilities: syntheticOutputs(labels.forget, k, forgetMargin, seed), labels: labels.forget },
    retain: { probabilities: syntheticOutputs(labels.retain, k, 5, seed + 1), labels: labels.retain },
    test: { probabilities: syntheticOutputs(labels.test, k, 2, seed + 2), labels: labels.test, groups: [sex] },
  };
}

const original = model(5, 10); // the forget set looks like training data
const retrained = model(2, 20); // the forget set looks like test data

function input(m: typeof original, extra: Partial<EvaluateModelInput> = {}): EvaluateModelInput {
  return { numClasses: k, seed: 7, ...m, ...extra };
}

const asReference = (m: typeof original) => ({
  forget: m.forget.probabilities,
  retain: m.retain.probabilities,
  test: m.test.probabilities,
});

describe('evaluateModel', () => {
  it('a model against itself: zero gaps, full agreement, zero divergence and weight distance', () => {
    const w = [Float32Array.from([0.1, -0.2, 0.3]), Float32Array.from([1])];
    const r = evaluateModel(input(original, { reference: asReference(original), weights: { model: w, reference: w } }));
    const ref = r.reference;
    if (ref === null) throw new Error('reference comparison missing');
    expect(Object.values(ref.gaps.gaps).every((g) => g.gap === 0)).toBe(true);
    expect(ref.gaps.averageGap).toBe(0);
    expect(ref.gaps.averageGapKeys).toEqual([...STANDARD_GAP_KEYS]);
    expect(ref.agreement).toEqual({ forget: 1, retain: 1, test: 1 });
    expect(ref.forgetJensenShannonBits).toBe(0);
    expect(ref.forgetActivationDistance).toBe(0);
    expect(r.weightDistance?.normalizedDistance).toBe(0);
    expect(r.scalars['reference.weightDistance']).toBe(0);
  });

  it('sees memorisation of the forget set and measures the gap to the retrained model', () => {
    const r = evaluateModel(input(original, { reference: asReference(retrained) }));
    expect(r.accuracy.forget).toBeGreaterThan(0.95);
    expect(r.membershipInference.lossThreshold.auc).toBeGreaterThan(0.8);
    expect(r.membershipInference.entropy.forgetMemberRate).toBeGreaterThan(0.8);
    expect(r.membershipInference.lossCrossValidated?.accuracy).toBeGreaterThan(0.7);
    const ref = r.reference;
    if (ref === null) throw new Error('reference comparison missing');
    expect(ref.referenceScalars['mia.loss.auc']).toBeLessThan(0.6); // Mr: forget looks like test
    expect(ref.gaps.averageGap).toBeGreaterThan(0.1);
    expect(ref.forgetJensenShannonBits).toBeGreaterThan(0);
  });

  it('returns a JSON-ready record: no typed arrays, NaN or Infinity; survives a round trip', () => {
    const r = evaluateModel(
      input(original, {
        reference: asReference(retrained),
        randomModelForget: syntheticOutputs(labels.forget, k, 0, 99, 0.05),
        backdoor: { probabilities: syntheticOutputs(labels.test, k, 1, 5), labels: labels.test, targetClass: 0 },
        timing: { seconds: 3, retrainSeconds: 30 },
      }),
    );
    expect(allNumbers(r).every(Number.isFinite)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.timing).toEqual({ seconds: 3, retrainSeconds: 30, speedup: 10 });
    expect(r.zrf).not.toBeNull();
    expect(r.backdoor?.eligible).toBe(750);
    expect(r.fairness.test).toHaveLength(1);
    expect(r.fairness.forget).toEqual([]);
    expect(r.scalars['fairness.test.sex.demographicParityGap']).toBeTypeOf('number');
    expect(r.reference?.gaps.gaps['timing.seconds']).toBeUndefined();
  });

  it('keeps the whole forget set and seeded subsamples of at most 2,000 retain/test rows for charts', () => {
    const r = evaluateModel(input(original));
    expect(r.perExample.forget.loss).toHaveLength(200);
    expect(r.perExample.forget.logitConfidence).toHaveLength(200);
    expect(r.perExample.retain.rows).toHaveLength(2000);
    expect(r.perExample.test.rows).toHaveLength(1000);
    const rows = r.perExample.retain.rows;
    expect(rows.every((v, i) => i === 0 || v > rows[i - 1])).toBe(true);
    const losses = crossEntropyLosses(original.retain.probabilities, labels.retain, k);
    expect(r.perExample.retain.loss[17]).toBe(losses[rows[17]]);
    expect(evaluateModel(input(original))).toEqual(r); // same seed, same record
    expect(evaluateModel(input(original, { seed: 8 })).perExample.retain.rows).not.toEqual(rows);
  });

  it('handles a one-row forget set (no CV attack) and rejects mismatched reference outputs', () => {
    const tiny = { ...original, forget: { probabilities: original.forget.probabilities.slice(0, k), labels: labels.forget.slice(0, 1) } };
    const r = evaluateModel(input(tiny));
    expect(r.membershipInference.lossCrossValidated).toBeNull();
    expect(r.scalars['mia.lossCv.accuracy']).toBeUndefined();
    expect(r.reference).toBeNull();
    expect(() => evaluateModel(input(tiny, { reference: asReference(original) }))).toThrow(/reference forget/);
  });
});
