import { describe, expect, it } from 'vitest';
import { perExampleEvidence, retrainNoiseFloor, type SeededOutputs } from './per-example-evidence';
import { PER_EXAMPLE_FORMAT, PER_EXAMPLE_SAMPLE_SEED, confidenceAndMargin, perExampleSample } from './per-example-outputs';
import { balancedLabels, syntheticOutputs } from './test-fixtures';

const k = 3;
const rows = { forget: Int32Array.from({ length: 30 }, (_, i) => 100 + i), retain: Int32Array.from({ length: 60 }, (_, i) => 200 + i), test: Int32Array.from({ length: 40 }, (_, i) => 400 + i) };

/** A model's outputs: the forget rows get margin `forgetMargin`, the rest margin 2. */
function model(seed: number, forgetMargin: number): SeededOutputs {
  const split = (ids: Int32Array, margin: number, s: number) => {
    const labels = balancedLabels(ids.length, k);
    const { phi, margin: m } = confidenceAndMargin(syntheticOutputs(labels, k, margin, s, 0.7), labels, k);
    return { rowIds: ids, labels, phi, margin: m, splitSize: ids.length };
  };
  return {
    seed,
    outputs: {
      format: PER_EXAMPLE_FORMAT,
      numClasses: k,
      sampleSeed: PER_EXAMPLE_SAMPLE_SEED,
      splits: { forget: split(rows.forget, forgetMargin, seed * 10 + 1), retain: split(rows.retain, 2, seed * 10 + 2), test: split(rows.test, 2, seed * 10 + 3) },
    },
  };
}

describe('per-example outputs', () => {
  it('margin = log p_y − max other log p, φ = log p_y − log Σ other p', () => {
    const p = Float32Array.from([0.7, 0.2, 0.1]);
    const { phi, margin } = confidenceAndMargin(p, Int32Array.from([0]), 3);
    expect(margin[0]).toBeCloseTo(Math.log(0.7 / 0.2), 6);
    expect(phi[0]).toBeCloseTo(Math.log(0.7 / 0.3), 6);
  });

  it('samples the same retain / test rows for every run (fixed seed), all forget rows', () => {
    const ids = Int32Array.from({ length: 5000 }, (_, i) => i * 2);
    expect(Array.from(perExampleSample(ids, 'retain'))).toEqual(Array.from(perExampleSample(ids, 'retain')));
    expect(perExampleSample(ids, 'retain').length).toBe(1000);
    expect(perExampleSample(ids, 'forget').length).toBe(5000);
    expect(perExampleSample(ids.slice(0, 10), 'test').length).toBe(10);
  });
});

describe('perExampleEvidence', () => {
  it('a method like retraining scores near the floor; one that kept the forget set far above it', () => {
    const retrained = [1, 2, 3, 4, 5, 6].map((s) => model(s, 0.5));
    const good = perExampleEvidence([1, 2, 3, 4, 5, 6].map((s) => model(s + 50, 0.5)).map((m, i) => ({ ...m, seed: i + 1 })), retrained);
    const bad = perExampleEvidence([1, 2, 3, 4, 5, 6].map((s) => model(s + 90, 6)).map((m, i) => ({ ...m, seed: i + 1 })), retrained);
    expect(good.uLira?.numModels).toBe(6);
    expect(bad.uLira?.auc).toBeGreaterThan(0.95);
    expect(Math.abs((good.uLira?.auc ?? 0) - 0.5)).toBeLessThan(0.15);
    expect(bad.klom.forget?.percentiles.p95).toBeGreaterThan(good.klom.forget?.percentiles.p95 ?? Infinity);
    const floor = retrainNoiseFloor(retrained);
    expect(floor.uLira?.numModels).toBe(3);
    expect(floor.klom.forget?.unlearnedModels).toBe(3);
  });

  it('says why U-LiRA / KLoM are missing, and leaves out models whose rows differ', () => {
    const retrained = [model(1, 0.5), model(2, 0.5)];
    const other = model(3, 0.5);
    other.outputs.splits.test = { ...other.outputs.splits.test, rowIds: Int32Array.from({ length: 40 }, (_, i) => 900 + i) };
    const e = perExampleEvidence([model(1, 1), model(2, 1), other], retrained);
    expect(e.uLira).toBeNull();
    expect(e.uLiraNote).toMatch(/at least 3 seeds/);
    expect(e.skippedModels).toBe(1);
    expect(e.klom.forget?.unlearnedModels).toBe(2);
    expect(perExampleEvidence([model(1, 1)], retrained).klomNote).toMatch(/at least 2 models per side/);
  });
});
