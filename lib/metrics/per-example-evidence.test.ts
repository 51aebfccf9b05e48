import { describe, expect, it } from 'vitest';
import { matchedToFloor, perExampleEvidence, retrainNoiseFloor, type SeededOutputs } from './per-example-evidence';
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

describe('matchedToFloor', () => {
  it('retrain against itself at the floor size equals the floor, and a group is read at N/2 per side', () => {
    const retrained = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => model(s, 0.5));
    const floor = retrainNoiseFloor(retrained);
    // The retrained models as the group: crossing 1 is the floor itself (first half vs second),
    // crossing 2 its mirror, so the mean lies next to the floor's value.
    const self = matchedToFloor(retrained, retrained);
    const mirror = perExampleEvidence(
      retrained.slice(4).map((m, i) => ({ seed: i, outputs: m.outputs })),
      retrained.slice(0, 4).map((m, i) => ({ seed: i, outputs: m.outputs })),
    );
    expect(self?.modelsPerSide).toBe(4);
    expect(self?.uLiraAuc).toBeCloseTo(((floor.uLira?.auc ?? NaN) + (mirror.uLira?.auc ?? NaN)) / 2, 12);
    expect(self?.klomP95.forget).toBeCloseTo(((floor.klom.forget?.percentiles.p95 ?? NaN) + (mirror.klom.forget?.percentiles.p95 ?? NaN)) / 2, 12);
  });

  it('compares a group on one half of the seeds with the retrained models of the other half only', () => {
    const retrained = [1, 2, 3, 4, 5, 6].map((s) => model(s, 0.5));
    const kept = [1, 2, 3, 4, 5, 6].map((s) => ({ ...model(s + 90, 6), seed: s }));
    const matched = matchedToFloor(kept, retrained);
    const firstCrossing = perExampleEvidence(
      kept.slice(0, 3).map((m, i) => ({ seed: i, outputs: m.outputs })),
      retrained.slice(3).map((m, i) => ({ seed: i, outputs: m.outputs })),
    );
    const secondCrossing = perExampleEvidence(
      kept.slice(3).map((m, i) => ({ seed: i, outputs: m.outputs })),
      retrained.slice(0, 3).map((m, i) => ({ seed: i, outputs: m.outputs })),
    );
    expect(matched?.modelsPerSide).toBe(3);
    expect(matched?.uLiraAuc).toBeCloseTo(((firstCrossing.uLira?.auc ?? NaN) + (secondCrossing.uLira?.auc ?? NaN)) / 2, 12);
    expect(matched?.uLiraAuc).toBeGreaterThan(0.85); // 3 pairs per half: weaker than at N = 6 (> 0.95), still far from 0.5
  });

  it('is null with fewer than 4 retrained models or no group model on their seeds', () => {
    expect(matchedToFloor([model(1, 1)], [1, 2, 3].map((s) => model(s, 0.5)))).toBeNull();
    expect(matchedToFloor([model(9, 1)], [1, 2, 3, 4].map((s) => model(s, 0.5)))).toBeNull();
    const oneHalf = matchedToFloor([model(1, 1), model(2, 1)], [1, 2, 3, 4].map((s) => model(s, 0.5)));
    expect(oneHalf?.klomP95.forget).toBeGreaterThan(0);
    expect(oneHalf?.uLiraAuc).toBeNull();
  });
});
