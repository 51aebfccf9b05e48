/**
 * The default recipe fits small data: on iris (db/seed-data/iris.csv, identical to the shared
 * ../shared/datasets/iris.csv; 120 training rows) the old
 * default (20 epochs of batch 64 = 40 Adam steps at 1e-3) left logistic regression at 17-70%
 * test accuracy; the default chosen in steps must reach 90% for logistic regression and an MLP.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateModel } from '@/lib/ml/evaluate';
import { Model } from '@/lib/ml/model';
import type { ModelSpecInput } from '@/lib/ml/model-spec';
import { createTensorSet, disposeTensorSet } from '@/lib/ml/tensor-set';
import { withBothBackends } from '@/lib/ml/test-utils';
import { train } from '@/lib/ml/train';
import { defaultRecipe, MIN_DEFAULT_STEPS, recipeWarnings, stepsOf } from './defaults';

const IRIS = path.resolve(import.meta.dirname, '../../db/seed-data/iris.csv');

beforeAll(async () => {
  await withBothBackends();
  await tf.setBackend('wasm');
});

/** Iris with a seeded 120/30 split, standardised with the training rows' statistics. */
function iris() {
  const lines = fs.readFileSync(IRIS, 'utf8').trim().split('\n').slice(1).map((l) => l.trim().split(','));
  const classes = [...new Set(lines.map((l) => l[4]))];
  const x = lines.map((l) => l.slice(0, 4).map(Number));
  const y = lines.map((l) => classes.indexOf(l[4]));
  const order = x.map((_, i) => i).sort((a, b) => Math.sin(a * 99.1) - Math.sin(b * 99.1));
  const trainRows = order.slice(0, 120), testRows = order.slice(120);
  const mean = [0, 1, 2, 3].map((j) => trainRows.reduce((s, i) => s + x[i][j], 0) / trainRows.length);
  const sd = [0, 1, 2, 3].map((j) => Math.sqrt(trainRows.reduce((s, i) => s + (x[i][j] - mean[j]) ** 2, 0) / trainRows.length));
  const set = (rows: number[]) => createTensorSet(Float32Array.from(rows.flatMap((i) => x[i].map((v, j) => (v - mean[j]) / sd[j]))), [4], Int32Array.from(rows.map((i) => y[i])), Int32Array.from(rows));
  return { train: set(trainRows), test: set(testRows), testLabels: testRows.map((i) => y[i]), classes: classes.length };
}

describe('defaultRecipe', () => {
  it('is chosen in steps: small data gets at least MIN_DEFAULT_STEPS steps, large data stays cheap', () => {
    expect(stepsOf(120, defaultRecipe(120, false))).toBeGreaterThanOrEqual(MIN_DEFAULT_STEPS);
    expect(stepsOf(1437, defaultRecipe(1437, false))).toBeGreaterThanOrEqual(MIN_DEFAULT_STEPS);
    expect(defaultRecipe(60_000, true)).toMatchObject({ epochs: 3, batchSize: 128 });
  });

  it('fits iris: logistic regression and the default MLP reach 90% test accuracy over 3 seeds', async () => {
    const data = iris();
    expect(data.classes).toBe(3);
    const recipe = defaultRecipe(120, false);
    try {
      for (const spec of [{ kind: 'logistic' }, { kind: 'mlp', hidden: [64] }] as ModelSpecInput[]) {
        const accuracies: number[] = [];
        for (const seed of [1, 2, 3]) {
          const model = Model.create(spec, { inputShape: [4], numClasses: 3 }, seed);
          await train({ model, set: data.train, recipe: { ...recipe, seed } });
          const predictions = evaluateModel(model, data.test).predictions;
          accuracies.push(data.testLabels.filter((label, i) => predictions[i] === label).length / data.testLabels.length);
          model.dispose();
        }
        const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
        expect(mean, `${spec.kind}: ${accuracies.join(', ')}`).toBeGreaterThanOrEqual(0.9);
      }
    } finally {
      disposeTensorSet(data.train);
      disposeTensorSet(data.test);
    }
  }, 120_000);
});

describe('recipeWarnings', () => {
  it('warns at plan time about the old iris recipe (40 steps) and not about the default', () => {
    const warnings = recipeWarnings(120, { epochs: 20, batchSize: 64 });
    expect(warnings[0]).toMatch(/only 40 optimizer steps \(20 epochs × 2 batches of 64 over 120 training rows\)/);
    expect(warnings[0]).toMatch(/75 epochs, batch size 16/);
    expect(recipeWarnings(120, defaultRecipe(120, false))).toEqual([]);
  });
});
