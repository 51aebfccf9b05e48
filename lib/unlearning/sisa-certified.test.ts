import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Model } from '../ml/model';
import { parseModelSpec } from '../ml/model-spec';
import { disposeTensorSet, type TensorSet } from '../ml/tensor-set';
import { createRandom } from '../random';
import { subsetByPositions } from './common';
import { parseMethodConfig, type UnlearningResult } from './contract';
import type { CertifiedArtifact } from './artifacts';
import { certifiedRemoval, trainCertified } from './methods/certified-removal';
import { sisa, trainSisa } from './methods/sisa';
import { accuracyOn } from './predictor';
import { loadDigits, MLP_SPEC, RECIPE, testContext, type DigitsSets } from './test-fixtures';

let digits: DigitsSets;
beforeAll(async () => {
  digits = await loadDigits();
});
afterAll(() => digits.dispose());

function splitRows(rows: Int32Array) {
  const drop = new Set(rows);
  const forget: number[] = [];
  const retain: number[] = [];
  digits.train.rowIds.forEach((id, i) => (drop.has(id) ? forget : retain).push(i));
  return { forget: subsetByPositions(digits.train, Int32Array.from(forget)), retain: subsetByPositions(digits.train, Int32Array.from(retain)) };
}

describe('SISA', () => {
  it('keeps the study\'s shards and slices in the method settings (they define its original)', () => {
    expect(parseMethodConfig(sisa, { shards: 2, slices: 3 })).toEqual({ shards: 2, slices: 3 });
    expect(parseMethodConfig(sisa, {})).toEqual({ shards: 5, slices: 4 });
    expect(() => parseMethodConfig(sisa, { shards: 0 })).toThrow();
  });

  it('deleting rows of one shard retrains only that shard, from the last clean slice checkpoint', async () => {
    const spec = parseModelSpec(MLP_SPEC);
    const io = { inputShape: digits.inputShape, numClasses: digits.numClasses };
    const { ensemble, artifact } = await trainSisa({ spec, io, recipe: RECIPE, train: digits.train, config: { shards: 4, slices: 3, aggregation: 'vote' } });
    expect(accuracyOn(ensemble, digits.test)).toBeGreaterThan(0.85);
    const shard = artifact.shards[2];
    // two rows from the second slice (index 1) of shard 2
    const deleted = shard.rowIds.slice(shard.sliceEnds[0] + 1, shard.sliceEnds[0] + 3);
    const { forget, retain } = splitRows(deleted);
    const result = await sisa.run({ original: ensemble, spec, recipe: RECIPE, retain, forget, config: parseMethodConfig(sisa, {}), context: testContext(1, { sisa: artifact }) });
    expect(result.stats).toMatchObject({ retrained: true, shardsRetrained: 1, slicesRetrained: 2, totalShards: 4, totalSlices: 12 });
    const next = result.artifacts!.sisa!;
    next.shards.forEach((s, i) => {
      if (i === 2) {
        expect(s.rowIds).toHaveLength(shard.rowIds.length - 2);
        expect(s.checkpoints[0]).toBe(shard.checkpoints[0]); // slice 0 held no deleted row: kept
        expect(s.checkpoints[1]).not.toBe(shard.checkpoints[1]);
      } else {
        s.checkpoints.forEach((c, r) => expect(c).toBe(artifact.shards[i].checkpoints[r]));
      }
    });
    // a second request with the same rows finds nothing left to delete
    const again = await sisa.run({ original: result.model, spec, recipe: RECIPE, retain, forget, config: parseMethodConfig(sisa, {}), context: testContext(2, { sisa: next }) });
    expect(again.stats.shardsRetrained).toBe(0);
    expect(accuracyOn(result.model, digits.test)).toBeGreaterThan(0.85);
    [ensemble, result.model, again.model].forEach((m) => m.dispose());
    disposeTensorSet(forget);
    disposeTensorSet(retain);
  });
});

/**
 * ‖∇L(w; set)‖ per class for the one-vs-rest objective Σ log(1 + exp(−y·m)) + λn/2‖w‖² + b·w,
 * computed here in float64 from the definition, independently of the method's own code.
 */
function gradientNorms(model: Model, artifact: CertifiedArtifact, set: TensorSet): number[] {
  const w = model.flatWeights();
  const K = model.io.numClasses;
  const x = set.x.dataSync();
  const d = x.length / set.size;
  const grad = Float64Array.from(w, (v, i) => artifact.lambda * set.size * v + artifact.perturbation[i]);
  for (let r = 0; r < set.size; r++) {
    for (let k = 0; k < K; k++) {
      let m = w[d * K + k];
      for (let j = 0; j < d; j++) m += x[r * d + j] * w[j * K + k];
      const y = set.labelValues[r] === k ? 1 : -1;
      const slope = -y / (1 + Math.exp(y * m));
      for (let j = 0; j < d; j++) grad[j * K + k] += slope * x[r * d + j];
      grad[d * K + k] += slope;
    }
  }
  const norms = new Array<number>(K).fill(0);
  grad.forEach((v, i) => (norms[i % K] += v * v));
  return norms.map(Math.sqrt);
}

function certifiedOf(result: UnlearningResult): CertifiedArtifact {
  const artifact = result.artifacts?.certified;
  if (!artifact) throw new Error('certified removal returned no artifact');
  return artifact;
}

describe('certified removal', () => {
  const logistic = parseModelSpec({ kind: 'logistic' });

  it('lands within 1% (relative L2) of the retrained optimum after removing 3 points, within budget', async () => {
    const io = { inputShape: digits.inputShape, numClasses: digits.numClasses };
    const trained = trainCertified({ spec: logistic, io, train: digits.train, random: createRandom(5) });
    const { forget, retain } = splitRows(digits.train.rowIds.slice(100, 103));
    // ε large enough that three points fit the budget
    const config = parseMethodConfig(certifiedRemoval, { epsilon: 1000 });
    const removed = await certifiedRemoval.run({ original: trained.model, spec: logistic, recipe: RECIPE, retain, forget, config, context: testContext(6, { certified: trained.artifact }) });
    expect(removed.stats.retrained).toBe(false);
    expect(removed.stats.budgetUsed).toBeGreaterThan(0);
    // the exact answer: the same objective (same perturbation b) optimised on the retain rows
    const retrained = trainCertified({ spec: logistic, io, train: retain, random: createRandom(5) });
    const distance = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));
    const target = retrained.model.flatWeights();
    const scale = Math.sqrt(target.reduce((s, v) => s + v * v, 0));
    const unlearnedGap = distance((removed.model as Model).flatWeights(), target) / scale;
    const originalGap = distance(trained.model.flatWeights(), target) / scale;
    expect(unlearnedGap).toBeLessThan(0.01);
    expect(unlearnedGap).toBeLessThan(originalGap / 5);
    // the certificate's premise: the true gradient residual on the remaining data (float64, at
    // the stored weights) is within the bound this one Newton step added, class by class
    const after = certifiedOf(removed);
    const residual = gradientNorms(removed.model as Model, after, retain);
    expect(Math.max(...residual)).toBeGreaterThan(0);
    residual.forEach((r, k) => expect(r).toBeLessThanOrEqual(after.residualSpent[k] - trained.artifact.residualSpent[k]));
    expect(removed.stats.certified).toBe(true);
    // the removed rows are remembered: asking again removes nothing
    const again = await certifiedRemoval.run({ original: removed.model, spec: logistic, recipe: RECIPE, retain, forget, config, context: testContext(7, removed.artifacts) });
    expect(again.stats.removedPoints).toBe(0);

    // a tight budget forces a retrain
    const tight = await certifiedRemoval.run({ original: trained.model, spec: logistic, recipe: RECIPE, retain, forget, config: parseMethodConfig(certifiedRemoval, { epsilon: 1e-6 }), context: testContext(8, { certified: trained.artifact }) });
    expect(tight.stats.retrained).toBe(true);
    // retraining reaches the optimum of a freshly perturbed objective on the retain rows: its
    // leftover gradient is the new spent budget, measured, and far below the old step's bound
    const fresh = certifiedOf(tight);
    expect(fresh.perturbation).not.toEqual(trained.artifact.perturbation);
    expect(fresh.removedRows).toHaveLength(0);
    const leftover = gradientNorms(tight.model as Model, fresh, retain);
    leftover.forEach((r, k) => expect(Math.abs(r - fresh.residualSpent[k])).toBeLessThan(1e-6 * fresh.residualSpent[k]));
    // at ε = 1e-6 even an exact optimum's float32 leftover is over budget, and the run says so
    expect(tight.stats.certified).toBe(false);
    expect(Math.max(...leftover)).toBeLessThan(1e-3 * Math.max(...gradientNorms(trained.model, fresh, retain)));
    [trained.model, removed.model, retrained.model, again.model, tight.model].forEach((m) => m.dispose());
    disposeTensorSet(forget);
    disposeTensorSet(retain);
  });

  it('refuses a non-logistic model spec with a clear error', async () => {
    const mlp = Model.create(MLP_SPEC, { inputShape: digits.inputShape, numClasses: digits.numClasses }, 1);
    await expect(
      certifiedRemoval.run({ original: mlp, spec: mlp.spec, recipe: RECIPE, retain: digits.train, forget: digits.test, config: parseMethodConfig(certifiedRemoval, {}), context: testContext(1, {}) }),
    ).rejects.toThrow(/only for logistic regression.*got 'mlp'/);
    expect(() => trainCertified({ spec: mlp.spec, io: mlp.io, train: digits.train, random: createRandom(1) })).toThrow(/logistic/);
    mlp.dispose();
  });
});
