import { describe, expect, it } from 'vitest';
import { backdoorAttackSuccessRate } from './backdoor';

describe('backdoorAttackSuccessRate', () => {
  it('counts target predictions among triggered inputs whose true label is not the target', () => {
    // predictions: 2, 2, 0, 2, 1 ; labels: 0, 1, 1, 2, 0 ; target 2
    const oneHot = (c: number) => [0, 1, 2].map((j) => (j === c ? 0.9 : 0.05));
    const probs = Float32Array.from([2, 2, 0, 2, 1].flatMap(oneHot));
    const r = backdoorAttackSuccessRate(probs, Int32Array.from([0, 1, 1, 2, 0]), 3, 2);
    // the row with label 2 is left out: 4 eligible, 2 hit
    expect(r).toEqual({ targetClass: 2, eligible: 4, hits: 2, attackSuccessRate: 0.5 });
  });

  it('is null without eligible inputs and rejects a bad target', () => {
    const probs = Float32Array.from([0, 1]);
    expect(backdoorAttackSuccessRate(probs, Int32Array.from([1]), 2, 1).attackSuccessRate).toBeNull();
    expect(() => backdoorAttackSuccessRate(probs, Int32Array.from([1]), 2, 5)).toThrow(/targetClass/);
  });
});
