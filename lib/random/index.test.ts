import { describe, expect, it } from 'vitest';
import { createRandom, permutation, sampleWithoutReplacement } from './index';

describe('createRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRandom(42), b = createRandom(42), c = createRandom(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('is roughly uniform and normal', () => {
    const r = createRandom(7);
    let sum = 0, sumN = 0, sumN2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      sum += r.next();
      const z = r.normal();
      sumN += z;
      sumN2 += z * z;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
    expect(sumN / n).toBeCloseTo(0, 1);
    expect(sumN2 / n).toBeCloseTo(1, 1);
  });

  it('forks are deterministic and independent of each other', () => {
    const f1 = createRandom(1).fork('x').next();
    expect(createRandom(1).fork('x').next()).toBe(f1);
    expect(createRandom(1).fork('y').next()).not.toBe(f1);
  });

  it('permutes and samples without repeats', () => {
    const p = permutation(100, createRandom(3));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const s = sampleWithoutReplacement(50, 10, createRandom(3));
    expect(new Set(s).size).toBe(10);
    expect([...s]).toEqual([...s].sort((x, y) => x - y));
  });
});
