import { describe, expect, it } from 'vitest';
import { activationDistance, jensenShannonPerRow, meanJensenShannon, zeroRetrainForgetting } from './divergence';
import { balancedLabels, syntheticOutputs } from './test-fixtures';

describe('output divergence', () => {
  const p = Float32Array.from([0.5, 0.3, 0.2, 1, 0, 0]);
  const q = Float32Array.from([0.1, 0.6, 0.3, 0, 1, 0]);

  it('JS divergence (bits) is 0 for identical outputs and 1 for disjoint one-hot outputs', () => {
    expect(meanJensenShannon(p, p, 3)).toBe(0);
    expect(jensenShannonPerRow(p, q, 3)[1]).toBe(1);
  });

  it('matches scipy on a generic pair (scipy.spatial.distance.jensenshannon(p, q, base=2)**2)', () => {
    expect(jensenShannonPerRow(p, q, 3)[0]).toBeCloseTo(0.14902249956730637, 6);
    expect(meanJensenShannon(p, q, 3)).toBeCloseTo((0.14902249956730637 + 1) / 2, 6);
  });

  it('activation distance is the mean L2 distance of output vectors', () => {
    expect(activationDistance(p, p, 3)).toBe(0);
    expect(activationDistance(p, q, 3)).toBeCloseTo((0.5099019513592785 + Math.SQRT2) / 2, 6);
  });

  it('ZRF is 1 against itself and lower against a confident different model', () => {
    const labels = balancedLabels(300, 4);
    const random = syntheticOutputs(labels, 4, 0, 1, 0.1); // near-uniform, like a fresh init
    const trained = syntheticOutputs(labels, 4, 6, 2);
    expect(zeroRetrainForgetting(random, random, 4)).toBe(1);
    const z = zeroRetrainForgetting(trained, random, 4);
    expect(z).toBeGreaterThan(0);
    expect(z).toBeLessThan(0.7);
  });

  it('rejects outputs for different rows', () => {
    expect(() => meanJensenShannon(p, q.subarray(3), 3)).toThrow(/row counts/);
  });
});
