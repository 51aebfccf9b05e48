import { describe, expect, it } from 'vitest';
import { accuracy, perClassAccuracy, predictionAgreement } from './accuracy';
import { balancedLabels, syntheticOutputs } from './test-fixtures';

describe('accuracy family', () => {
  it('counts argmax hits', () => {
    const probs = Float32Array.from([0.9, 0.1, 0.4, 0.6, 0.8, 0.2, 0.3, 0.7]);
    const labels = Int32Array.from([0, 1, 1, 1]);
    expect(accuracy(probs, labels, 2)).toBe(0.75);
    expect(perClassAccuracy(probs, labels, 2)).toEqual([
      { classIndex: 0, count: 1, correct: 1, accuracy: 1 },
      { classIndex: 1, count: 3, correct: 2, accuracy: 2 / 3 },
    ]);
  });

  it('gives null accuracy for a class with no rows and throws on an empty split', () => {
    const per = perClassAccuracy(Float32Array.from([1, 0, 0]), Int32Array.from([0]), 3);
    expect(per[2]).toEqual({ classIndex: 2, count: 0, correct: 0, accuracy: null });
    expect(() => accuracy(new Float32Array(0), new Int32Array(0), 3)).toThrow(/empty/);
  });

  it('a random predictor on k balanced classes scores about 1/k', () => {
    const k = 5, n = 10000;
    const labels = balancedLabels(n, k);
    const acc = accuracy(syntheticOutputs(labels, k, 0, 11), labels, k);
    // binomial sd = sqrt(0.2·0.8/10000) = 0.004; allow 4 sd.
    expect(Math.abs(acc - 1 / k)).toBeLessThan(0.016);
  });

  it('completeness: a model agrees with itself fully, and partly with another model', () => {
    const labels = balancedLabels(400, 4);
    const a = syntheticOutputs(labels, 4, 2, 1), b = syntheticOutputs(labels, 4, 2, 2);
    expect(predictionAgreement(a, a, 4)).toBe(1);
    const ab = predictionAgreement(a, b, 4);
    expect(ab).toBeGreaterThan(0.3);
    expect(ab).toBeLessThan(1);
    expect(() => predictionAgreement(a, b.subarray(4), 4)).toThrow(/same rows/);
  });
});
