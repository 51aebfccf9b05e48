import { describe, expect, it } from 'vitest';
import { Float32Adam, scalarAdam } from './adam-simd';
import { randomArray } from './test-utils';

describe('Float32Adam', () => {
  it('gives the scalar float32 reference bit for bit, and tracks float64 Adam closely', () => {
    // sizes that are not multiples of 4 exercise the padded tails
    const sizes = [1003, 7, 1, 64];
    const adam = new Float32Adam(sizes);
    const simd = sizes.map((n, i) => randomArray(n, i));
    const scalar = simd.map((p) => Float32Array.from(p));
    const moments = sizes.map((n) => [new Float32Array(n), new Float32Array(n)]);
    const exact = simd.map((p) => Float64Array.from(p));
    const exactMoments = sizes.map((n) => [new Float64Array(n), new Float64Array(n)]);
    for (let step = 1; step <= 30; step++) {
      const stepSize = 0.01 / (1 - Math.pow(0.9, step));
      const secondScale = 1 / Math.sqrt(1 - Math.pow(0.999, step));
      sizes.forEach((n, i) => {
        const g = randomArray(n, 100 * step + i);
        adam.update(i, simd[i], Float32Array.from(g), 0.9, 0.999, stepSize, secondScale, 1e-8);
        scalarAdam(scalar[i], g, moments[i][0], moments[i][1], 0.9, 0.999, stepSize, secondScale, 1e-8);
        const [m, v] = exactMoments[i];
        for (let k = 0; k < n; k++) {
          m[k] = 0.9 * m[k] + 0.1 * g[k];
          v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k];
          exact[i][k] -= (stepSize * m[k]) / (Math.sqrt(v[k]) * secondScale + 1e-8);
        }
      });
    }
    sizes.forEach((_, i) => {
      expect(Buffer.from(simd[i].buffer).equals(Buffer.from(scalar[i].buffer))).toBe(true);
      for (let k = 0; k < simd[i].length; k++) expect(Math.abs(simd[i][k] - exact[i][k])).toBeLessThan(1e-5);
    });
  });

  it('updates parameters kept in its own memory (home) to the same bits as copied-in ones', () => {
    const sizes = [1003, 7];
    const [copied, housed] = [new Float32Adam(sizes), new Float32Adam(sizes)];
    const outside = sizes.map((n, i) => randomArray(n, 40 + i));
    const home = sizes.map((n, i) => housed.home(i, Float32Array.from(outside[i])));
    expect(home[0].buffer).not.toBe(outside[0].buffer);
    for (let step = 1; step <= 5; step++) {
      sizes.forEach((n, i) => {
        const g = randomArray(n, 500 + 10 * step + i);
        copied.update(i, outside[i], Float32Array.from(g), 0.9, 0.999, 0.01, 1.2, 1e-8);
        housed.update(i, home[i], Float32Array.from(g), 0.9, 0.999, 0.01, 1.2, 1e-8);
      });
    }
    sizes.forEach((_, i) => expect(Buffer.from(home[i].slice().buffer).equals(Buffer.from(outside[i].buffer))).toBe(true));
  });

  it('rejects arrays of the wrong size', () => {
    const adam = new Float32Adam([4]);
    expect(() => adam.update(0, new Float32Array(3), new Float32Array(3), 0.9, 0.999, 0.1, 1, 1e-8)).toThrow(/4 values/);
  });
});
