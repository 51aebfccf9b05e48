import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import { tprAtFpr, uLira } from './u-lira';

/**
 * Independent float64 computation: for each held-out seed and example, the Gaussian densities
 * written out as exp(−(x−μ)²/2σ²)/(σ√2π) and the ratio taken of the densities (then its log);
 * the AUC by counting all positive/negative pairs (ties ½); TPR at 1% FPR by trying every
 * score as a threshold.
 */
function independent(unlearned: number[][], retrained: number[][]): { auc: number; tpr: number } {
  const n = unlearned.length, s = unlearned[0].length;
  const pos: number[] = [], neg: number[] = [];
  const gauss = (x: number, sample: number[]) => {
    const mu = sample.reduce((a, b) => a + b, 0) / sample.length;
    const sd = Math.sqrt(sample.reduce((a, b) => a + (b - mu) * (b - mu), 0) / sample.length) + 1e-30;
    return Math.exp(-((x - mu) ** 2) / (2 * sd * sd)) / (sd * Math.sqrt(2 * Math.PI));
  };
  for (let h = 0; h < n; h++) {
    for (let x = 0; x < s; x++) {
      const u = unlearned.filter((_, m) => m !== h).map((m) => m[x]);
      const r = retrained.filter((_, m) => m !== h).map((m) => m[x]);
      pos.push(Math.log(gauss(unlearned[h][x], u) / gauss(unlearned[h][x], r)));
      neg.push(Math.log(gauss(retrained[h][x], u) / gauss(retrained[h][x], r)));
    }
  }
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a > b ? 1 : a === b ? 0.5 : 0;
  let tpr = 0;
  for (const t of [...pos, ...neg]) {
    const fpr = neg.filter((v) => v >= t).length / neg.length;
    if (fpr <= 0.01) tpr = Math.max(tpr, pos.filter((v) => v >= t).length / pos.length);
  }
  return { auc: wins / (pos.length * neg.length), tpr };
}

function models(n: number, s: number, shift: (x: number) => number, seed: number): number[][] {
  const random = createRandom(seed);
  const centre = Array.from({ length: s }, (_, x) => 2 + Math.sin(x));
  return Array.from({ length: n }, () => centre.map((c, x) => c + shift(x) + 0.5 * random.normal()));
}

describe('U-LiRA', () => {
  it('matches an independent float64 computation (AUC and TPR at 1% FPR)', () => {
    const unlearned = models(6, 40, (x) => (x % 2 ? 0.8 : 0), 1);
    const retrained = models(6, 40, () => 0, 2);
    const r = uLira({ unlearned, retrained });
    const ref = independent(unlearned, retrained);
    expect(r.auc).toBeCloseTo(ref.auc, 12);
    expect(r.tprAtLowFpr).toBeCloseTo(ref.tpr, 12);
    expect(r).toMatchObject({ numModels: 6, forgetCount: 40, scoresPerClass: 240, lowFpr: 0.01 });
  });

  it('is near 0.5 when the method behaves like retraining, near 1 when it leaves a trace', () => {
    const same = uLira({ unlearned: models(8, 200, () => 0, 3), retrained: models(8, 200, () => 0, 4) });
    expect(Math.abs(same.auc - 0.5)).toBeLessThan(0.06);
    const trace = uLira({ unlearned: models(8, 200, () => 3, 5), retrained: models(8, 200, () => 0, 6) });
    expect(trace.auc).toBeGreaterThan(0.97);
    expect(trace.tprAtLowFpr).toBeGreaterThan(0.5);
  });

  it('needs 3 seeds, paired', () => {
    expect(() => uLira({ unlearned: [[1], [2]], retrained: [[1], [2]] })).toThrow(/at least 3 seeds/);
    expect(() => uLira({ unlearned: [[1], [2], [3]], retrained: [[1], [2]] })).toThrow(/pairs models by seed/);
  });

  it('tprAtFpr: ties flip together and the FPR bound is respected', () => {
    expect(tprAtFpr([3, 2, 1], [0, 0, 0], 0)).toBe(1);
    expect(tprAtFpr([1, 1], [1, 0], 0.01)).toBe(0); // the tie at 1 would make FPR 0.5
  });
});
