import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import { klomExample, klomSplit, percentile } from './klom';

/**
 * Independent float64 KLoM of one example: explicit edges, each value's bin found by scanning
 * the edges (last bin closed), counts turned into shares, q raised to 1e-5 where p > 0, both
 * renormalised, KL summed term by term.
 */
function independentKlom(u: number[], r: number[]): number {
  const cu = u.map((v) => Math.max(-100, Math.min(100, v))), cr = r.map((v) => Math.max(-100, Math.min(100, v)));
  const lo = Math.min(...cu, ...cr);
  let hi = Math.max(...cu, ...cr);
  if (lo >= hi) hi = lo + 1;
  const edges = Array.from({ length: 21 }, (_, i) => (i === 20 ? hi : lo + (i * (hi - lo)) / 20));
  const binOf = (v: number) => {
    for (let b = 19; b >= 0; b--) if (v >= edges[b]) return b;
    return 0;
  };
  const p = new Array(20).fill(0), q = new Array(20).fill(0);
  cu.forEach((v) => (p[binOf(v)] += 1));
  cr.forEach((v) => (q[binOf(v)] += 1));
  const ps = p.map((c) => c / cu.length);
  const qs = q.map((c, b) => (ps[b] > 0 ? Math.max(c / cr.length, 1e-5) : c / cr.length));
  const pt = ps.reduce((a, b) => a + b, 0), qt = qs.reduce((a, b) => a + b, 0);
  let kl = 0;
  for (let b = 0; b < 20; b++) if (ps[b] > 0) kl += (ps[b] / pt) * Math.log((ps[b] / pt) / (qs[b] / qt));
  return kl;
}

describe('KLoM', () => {
  it('matches an independent float64 computation, clipping and shared bins included', () => {
    const random = createRandom(11);
    for (let t = 0; t < 50; t++) {
      const u = Array.from({ length: 8 }, () => 3 * random.normal() + (t % 5));
      const r = Array.from({ length: 8 }, () => 3 * random.normal());
      if (t % 7 === 0) u[0] = 250; // clipped to 100
      if (t % 9 === 0) r[1] = -1e9;
      expect(klomExample(u, r)).toBeCloseTo(independentKlom(u, r), 12);
    }
  });

  it('is 0 for identical samples, large for disjoint ones, finite for constant samples', () => {
    expect(klomExample([1, 2, 3, 4], [4, 3, 2, 1])).toBe(0);
    expect(klomExample([0, 0.1, 0.2], [10, 10.1, 10.2])).toBeCloseTo(Math.log(1 / (1e-5 / (1 + 1e-5))), 9);
    expect(klomExample([5, 5, 5], [5, 5, 5])).toBe(0);
    expect(Number.isFinite(klomExample([7, 7, 7], [1, 2, 3]))).toBe(true);
  });

  it('summarises a split by percentiles over examples (numpy linear interpolation)', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([0, 10], 95)).toBeCloseTo(9.5, 12);
    const { perExample, summary } = klomSplit({ unlearned: [[1, 0], [2, 0], [3, 0]], retrained: [[1, 5], [2, 6], [3, 7]] });
    expect(perExample[0]).toBe(0);
    expect(perExample[1]).toBeGreaterThan(10);
    expect(summary.examples).toBe(2);
    expect(summary.percentiles.p50).toBeCloseTo(perExample[1] / 2, 12);
  });
});
