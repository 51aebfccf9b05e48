import { describe, expect, it } from 'vitest';
import {
  LOSS_PROBABILITY_FLOOR,
  checkOutputs,
  crossEntropyLosses,
  outputEntropies,
  predictedClasses,
  trueClassConfidences,
} from './per-example';

describe('per-example quantities', () => {
  const probs = Float32Array.from([0.7, 0.2, 0.1, 1 / 3, 1 / 3, 1 / 3, 0, 0, 1]);
  const labels = Int32Array.from([0, 2, 0]);

  it('predicts the argmax, ties to the lowest class', () => {
    expect(Array.from(predictedClasses(probs, 3))).toEqual([0, 0, 2]);
  });

  it('computes −ln p_y with the Keras clip, so a zero probability gives a finite loss', () => {
    const loss = crossEntropyLosses(probs, labels, 3);
    expect(loss[0]).toBeCloseTo(-Math.log(0.7), 6);
    expect(loss[1]).toBeCloseTo(Math.log(3), 6);
    expect(loss[2]).toBeCloseTo(-Math.log(LOSS_PROBABILITY_FLOOR), 6);
    expect(Array.from(trueClassConfidences(probs, labels, 3))).toEqual([probs[0], probs[5], 0]);
  });

  it('gives entropy ln k for a uniform row and 0 for a one-hot row', () => {
    const h = outputEntropies(probs, 3);
    expect(h[1]).toBeCloseTo(Math.log(3), 6);
    expect(h[2]).toBe(0);
  });

  it('rejects inconsistent shapes and labels out of range', () => {
    expect(() => checkOutputs(new Float32Array(5), new Int32Array(2), 3)).toThrow(/multiple/);
    expect(() => checkOutputs(new Float32Array(6), new Int32Array(3), 3)).toThrow(/labels/);
    expect(() => checkOutputs(new Float32Array(6), Int32Array.from([0, 3]), 3)).toThrow(/outside/);
  });
});
