import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import { fitLogistic1D, logisticPredict, logisticProbability } from './logistic-regression';

describe('fitLogistic1D', () => {
  it('recovers the coefficients of a logistic model from a large sample', () => {
    const random = createRandom(3);
    const n = 20000, slope = 2, intercept = -1;
    const x = new Float64Array(n), y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = random.normal();
      y[i] = random.next() < 1 / (1 + Math.exp(-(slope * x[i] + intercept))) ? 1 : 0;
    }
    const m = fitLogistic1D(x, y);
    expect(m.converged).toBe(true);
    expect(m.slope).toBeCloseTo(slope, 1);
    expect(m.intercept).toBeCloseTo(intercept, 1);
  });

  it('stops at the optimum of the penalised loss (zero gradient in standardised units)', () => {
    const x = [0.1, 0.5, 0.9, 1.4, 2.0, 2.2, 3.1, 0.7];
    const y = [0, 0, 1, 0, 1, 1, 1, 0];
    const m = fitLogistic1D(x, y);
    const mu = x.reduce((a, b) => a + b) / x.length;
    const sd = Math.sqrt(x.reduce((a, v) => a + (v - mu) ** 2, 0) / x.length);
    const w = m.slope * sd; // standardised slope
    let gw = w, gb = 0; // λ = 1
    x.forEach((v, i) => {
      const r = logisticProbability(m, v) - y[i];
      gw += r * ((v - mu) / sd);
      gb += r;
    });
    expect(Math.abs(gw)).toBeLessThan(1e-9);
    expect(Math.abs(gb)).toBeLessThan(1e-9);
  });

  it('keeps finite coefficients on perfectly separated classes and classifies them', () => {
    const m = fitLogistic1D([0, 1, 2, 10, 11, 12], [0, 0, 0, 1, 1, 1]);
    expect(Number.isFinite(m.slope) && Number.isFinite(m.intercept)).toBe(true);
    expect([0, 1, 2, 10, 11, 12].map((v) => logisticPredict(m, v))).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('learns nothing from a constant feature and refuses a single class', () => {
    const m = fitLogistic1D([1, 1, 1, 1], [0, 1, 0, 1]);
    expect(m.slope).toBe(0);
    expect(logisticProbability(m, 1)).toBeCloseTo(0.5, 9);
    expect(logisticPredict(m, 1)).toBe(0); // an exact tie goes to class 0, as in scikit-learn
    expect(() => fitLogistic1D([1, 2], [1, 1])).toThrow(/both classes/);
  });
});
