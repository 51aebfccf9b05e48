import { describe, expect, it } from 'vitest';
import { summarizeAcrossSeeds, summarizeScalarsAcrossSeeds, tQuantile975 } from './statistics';

describe('statistics across seeds', () => {
  it('matches a hand-computed t interval', () => {
    // x = 1..5: mean 3, s² = 10/4 = 2.5, se = sqrt(2.5/5) = sqrt(0.5), t(0.975, 4) = 2.776445105
    const s = summarizeAcrossSeeds([1, 2, 3, 4, 5]);
    const half = 2.776445105 * Math.sqrt(0.5); // 1.963243...
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(s.halfWidth).toBeCloseTo(half, 9);
    expect(s.ciLow).toBeCloseTo(1.036757, 6);
    expect(s.ciHigh).toBeCloseTo(4.963243, 6);
  });

  it('uses the t table for small df and the expansion beyond (scipy values)', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706204736, 9);
    expect(tQuantile975(2)).toBeCloseTo(4.30265273, 9);
    expect(tQuantile975(40)).toBeCloseTo(2.021075390306273, 6);
    expect(tQuantile975(120)).toBeCloseTo(1.9799304050824402, 8);
    expect(() => tQuantile975(0)).toThrow();
  });

  it('skips nulls and leaves spread undefined below two values', () => {
    const one = summarizeAcrossSeeds([null, 0.7]);
    expect(one).toMatchObject({ n: 1, mean: 0.7, sd: null, ciLow: null, ciHigh: null, min: 0.7, max: 0.7 });
    expect(summarizeAcrossSeeds([]).mean).toBeNull();
  });

  it('summarises every scalar of per-seed records', () => {
    const out = summarizeScalarsAcrossSeeds([{ a: 1, b: 2 }, { a: 3 }, { a: 5, b: null }]);
    expect(Object.keys(out)).toEqual(['a', 'b']);
    expect(out.a.mean).toBe(3);
    expect(out.b.n).toBe(1);
  });
});
