import { describe, expect, it } from 'vitest';
import { formatRatioTick, logAxis, metricAxisBounds, niceStep, paddedDomain } from './chart-axes';

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(10)).toBe(2);
    expect(niceStep(4)).toBe(1);
    expect(niceStep(0.3)).toBeCloseTo(0.1);
    expect(niceStep(23)).toBe(5);
  });
});

describe('paddedDomain', () => {
  it('bounds a percentage axis to the data, not to 0..105', () => {
    const [low, high] = paddedDomain([82.1, 88.4, 91.7], { lowerBound: 0, upperBound: 100 });
    expect(low).toBeGreaterThan(75);
    expect(low).toBeLessThanOrEqual(82.1);
    expect(high).toBeGreaterThanOrEqual(91.7);
    expect(high).toBeLessThan(96);
  });

  it('never crosses the metric bounds (no 105%, no negative share)', () => {
    expect(paddedDomain([0.5, 99.8], { lowerBound: 0, upperBound: 100 })).toEqual([0, 100]);
    const [low] = paddedDomain([0, 3], { lowerBound: 0 });
    expect(low).toBe(0);
  });

  it('gives a single point an axis around it', () => {
    const [low, high] = paddedDomain([42], { minSpan: 2 });
    expect(low).toBeLessThan(42);
    expect(high).toBeGreaterThan(42);
    expect(high - low).toBeLessThan(6);
  });

  it('keeps gaps near zero near zero (pp gaps, not a 120 pp axis)', () => {
    const [low, high] = paddedDomain([0, 1.2, 4.5]);
    expect(low).toBeGreaterThanOrEqual(-1);
    expect(high).toBeLessThanOrEqual(5.5);
  });

  it('ignores non-finite values and falls back to the bounds without data', () => {
    expect(paddedDomain([Number.NaN, Infinity], { lowerBound: 0, upperBound: 100 })).toEqual([0, 100]);
    expect(paddedDomain([])).toEqual([0, 1]);
  });

  it('returns round numbers', () => {
    const [low, high] = paddedDomain([0.31, 0.47]);
    expect(String(low).length).toBeLessThan(6);
    expect(String(high).length).toBeLessThan(6);
  });
});

describe('logAxis', () => {
  it('spans whole decades and includes 1', () => {
    const axis = logAxis([3.2, 140]);
    expect(axis.domain).toEqual([1, 1000]);
    expect(axis.ticks).toEqual([1, 10, 100, 1000]);
  });

  it('reaches below 1 for methods slower than retraining', () => {
    const axis = logAxis([0.4, 7]);
    expect(axis.domain).toEqual([0.1, 10]);
    expect(axis.ticks).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
  });

  it('never collapses to a single tick', () => {
    expect(logAxis([1]).domain).toEqual([0.1, 10]);
    expect(logAxis([]).ticks.length).toBeGreaterThan(2);
  });

  it('ignores zero and negative values (not on a log axis)', () => {
    expect(logAxis([0, -3, 50]).domain).toEqual([1, 100]);
  });
});

describe('formatRatioTick', () => {
  it('writes ratios with a times sign', () => {
    expect(formatRatioTick(0.1)).toBe('0.1×');
    expect(formatRatioTick(1000)).toBe('1000×');
  });
});

describe('metricAxisBounds', () => {
  it('keeps shares in 0..100 and absolute gaps above 0', () => {
    expect(metricAxisBounds('accuracy.test')).toEqual({ lowerBound: 0, upperBound: 100 });
    expect(metricAxisBounds('accuracy.forget', true)).toEqual({ lowerBound: 0, upperBound: 100 });
    expect(metricAxisBounds('timing.speedup')).toEqual({ lowerBound: 0 });
  });
});
