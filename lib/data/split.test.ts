import { describe, expect, it } from 'vitest';
import { presetSplit, stratifiedSplit } from './split';

describe('stratifiedSplit', () => {
  const labels = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 3]);

  it('is seeded, sorted, disjoint and covers every row', () => {
    const a = stratifiedSplit(labels, 4, 0.8, 7);
    const b = stratifiedSplit(labels, 4, 0.8, 7);
    expect(a).toEqual(b);
    const all = [...a.train, ...a.test].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(Array.from(a.train)).toEqual([...a.train].sort((x, y) => x - y));
    expect(stratifiedSplit(labels, 4, 0.8, 8)).not.toEqual(a);
  });

  it('puts every class with >= 2 rows on both sides, a class of one row in train', () => {
    const { train, test } = stratifiedSplit(labels, 4, 0.9, 1);
    for (const c of [0, 1, 2]) {
      expect([...train].some((i) => labels[i] === c)).toBe(true);
      expect([...test].some((i) => labels[i] === c)).toBe(true);
    }
    expect([...train]).toContain(15);
    expect([...test].filter((i) => labels[i] === 0)).toHaveLength(1);
  });

  it('refuses fractions outside (0, 1)', () => {
    expect(() => stratifiedSplit(labels, 4, 1)).toThrow(/between 0 and 1/);
    expect(() => stratifiedSplit(labels, 4, 0)).toThrow(/between 0 and 1/);
  });

  it('presetSplit puts train rows first', () => {
    expect(presetSplit(2, 3)).toEqual({ train: Int32Array.from([0, 1]), test: Int32Array.from([2, 3, 4]) });
  });
});
