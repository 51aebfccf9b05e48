import { describe, expect, it } from 'vitest';
import { weightDistance } from './weight-distance';

describe('weightDistance', () => {
  it('is 0 for identical weights', () => {
    const w = Float32Array.from([0.5, -1, 2]);
    expect(weightDistance(w, Float32Array.from(w)).normalizedDistance).toBe(0);
  });

  it('is sqrt(Σ(θu − θr)² / Σθu²), the same over tensors as over one flat vector', () => {
    const u = [Float32Array.from([3, 0]), Float32Array.from([4])];
    const r = [Float32Array.from([3, 1]), Float32Array.from([2])];
    // diff² = 0 + 1 + 4 = 5, ‖θu‖² = 9 + 16 = 25
    const res = weightDistance(u, r);
    expect(res.normalizedDistance).toBeCloseTo(Math.sqrt(5 / 25), 12);
    expect(res.distance).toBeCloseTo(Math.sqrt(5), 12);
    expect(res.parameterCount).toBe(3);
    expect(weightDistance(Float32Array.from([3, 0, 4]), Float32Array.from([3, 1, 2]))).toEqual(res);
  });

  it('rejects mismatched shapes and all-zero model weights', () => {
    expect(() => weightDistance([new Float32Array(2)], [new Float32Array(3)])).toThrow(/tensor 0/);
    expect(() => weightDistance(new Float32Array(2), Float32Array.from([1, 1]))).toThrow(/all zero/);
  });
});
