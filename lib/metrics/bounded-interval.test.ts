import { describe, expect, it } from 'vitest';
import { boundedSummary, bootstrapSummary, geometricMeanSummary, percentileBySelection, percentileOfSorted, tSummary } from './bounded-interval';

describe('bootstrapSummary', () => {
  it('keeps the interval of a share inside [0, 1] where the t interval leaves it (the "19.9% ± 53.3" case)', () => {
    const forget = [0, 0, 0.597];
    const t = tSummary(forget);
    expect(t.ciLow).toBeLessThan(0);
    expect(t.ciHigh).toBeGreaterThan(0.9);
    const b = bootstrapSummary(forget, [0, 1]);
    expect(b.mean).toBeCloseTo(0.199, 3);
    expect(b.ciLow).toBeGreaterThanOrEqual(0);
    expect(b.ciHigh).toBeLessThanOrEqual(0.597);
    expect(b.method).toBe('bootstrap-percentile');
    expect(b.rough).toBe(true);
  });

  it('stays within the observed range on random data and is the same on every call (fixed seed)', () => {
    for (let trial = 0; trial < 20; trial++) {
      const xs = Array.from({ length: 2 + (trial % 9) }, (_, i) => ((i * 7919 + trial * 104729) % 1000) / 1000);
      const a = bootstrapSummary(xs, [0, 1]);
      const b = bootstrapSummary(xs, [0, 1]);
      expect(a).toEqual(b);
      expect(a.ciLow!).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-12);
      expect(a.ciHigh!).toBeLessThanOrEqual(Math.max(...xs) + 1e-12);
      expect(a.ciLow!).toBeLessThanOrEqual(a.mean! + 1e-12);
      expect(a.ciHigh!).toBeGreaterThanOrEqual(a.mean! - 1e-12);
    }
  });

  it('is close to the t interval for many well-behaved seeds (they agree asymptotically)', () => {
    const xs = Array.from({ length: 40 }, (_, i) => 0.5 + 0.1 * Math.sin(i * 12.9898));
    const b = bootstrapSummary(xs);
    const t = tSummary(xs);
    expect(b.rough).toBe(false);
    expect(Math.abs(b.halfWidth! - t.halfWidth!) / t.halfWidth!).toBeLessThan(0.15);
  });

  it('gives no interval for one value and nothing for none', () => {
    expect(bootstrapSummary([0.3]).ciLow).toBeNull();
    expect(bootstrapSummary([0.3]).mean).toBe(0.3);
    expect(bootstrapSummary([null]).mean).toBeNull();
  });
});

describe('geometricMeanSummary', () => {
  it('is the geometric mean of per-seed ratios with a positive interval', () => {
    const g = geometricMeanSummary([2, 8]);
    expect(g.mean).toBeCloseTo(4, 12);
    expect(g.ciLow!).toBeGreaterThan(0);
    expect(g.ciLow!).toBeLessThan(4);
    expect(g.ciHigh!).toBeGreaterThan(4);
    // Symmetric on the log scale: low · high = mean².
    expect(g.ciLow! * g.ciHigh!).toBeCloseTo(16, 8);
    expect(g.method).toBe('log-t');
  });

  it('is not dragged by one slow cold start the way an arithmetic mean is', () => {
    // Retrain 13 s on one seed (cold), 2.5 s on the others; the method takes 0.06 s.
    const ratios = [13 / 0.06, 2.5 / 0.06, 2.5 / 0.06];
    const g = geometricMeanSummary(ratios);
    const arithmetic = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(g.mean!).toBeLessThan(arithmetic);
    expect(g.ciLow!).toBeGreaterThan(0);
  });

  it('refuses non-positive ratios', () => {
    expect(() => geometricMeanSummary([1, 0])).toThrow(/positive/);
  });
});

describe('percentileOfSorted', () => {
  it('interpolates linearly like numpy', () => {
    expect(percentileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileOfSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
  });
});

describe('percentileBySelection', () => {
  it('equals the percentile of the sorted values, ties and all', () => {
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + ((trial * 37) % 200);
      const xs = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i * 12.9898 + trial) * 20) / 10);
      const sorted = Float64Array.from(xs).sort();
      for (const q of [0, 0.025, 0.5, 0.975, 1]) expect(percentileBySelection(Float64Array.from(xs), q) + 0, `n ${n} q ${q}`).toBe(percentileOfSorted(sorted, q) + 0);
    }
  });
});

describe('boundedSummary', () => {
  it('bootstraps below 10 seeds and clips the t interval from there on, saying so', () => {
    expect(boundedSummary([0, 0, 0.597], [0, 1]).method).toBe('bootstrap-percentile');
    const many = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5];
    const b = boundedSummary(many, [0, 1]);
    expect(b.method).toBe('t-clipped');
    expect(b.ciLow).toBe(0);
    expect(b.ciHigh).toBeCloseTo(tSummary(many).ciHigh!, 12);
    const inside = Array.from({ length: 12 }, (_, i) => 0.5 + (i % 3) * 0.01);
    expect(boundedSummary(inside, [0, 1]).method).toBe('t');
  });
});
