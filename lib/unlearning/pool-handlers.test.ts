import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneFeatureDataset } from '@/test/sample-data';
import { ThreadPool } from '../jobs/thread-pool';
import type { TrainTaskResult } from '../jobs/thread-pool-handlers';
import type { EvaluateUnlearnedTaskResult, TrainOriginalTaskResult, UnlearnTaskResult } from './pool-handlers';

const pool = new ThreadPool({ size: 1, handlerModules: [path.resolve('lib/unlearning/pool-handlers.ts')] });
afterAll(() => pool.close());

describe('unlearning pool handlers', () => {
  it('trains, unlearns and evaluates in a worker thread from serialisable payloads', async () => {
    const data = oneFeatureDataset(300);
    const taskDataset = { hash: 'unlearning-test', load: () => data };
    const rows = Int32Array.from({ length: 300 }, (_, i) => i);
    const trainRows = rows.slice(0, 240);
    const testRows = rows.slice(240);
    const forgetRows = trainRows.filter((r) => r % 10 === 0);
    const retainRows = trainRows.filter((r) => r % 10 !== 0);
    const spec = { kind: 'mlp' as const, hidden: [8] };
    const recipe = { epochs: 3, batchSize: 16, optimizer: { kind: 'adam' as const, learningRate: 0.05 }, seed: 1 };
    const trained = await pool.run<TrainTaskResult>({ kind: 'train', payload: { spec, recipe, trainRows } }, { dataset: taskDataset });
    const progress: unknown[] = [];
    const unlearned = await pool.run<UnlearnTaskResult>(
      {
        kind: 'unlearn',
        payload: { methodId: 'neggrad-plus', config: { epochs: 2 }, spec, recipe, encoding: trained.encoding, original: { kind: 'model', weights: trained.weights }, retainRows, forgetRows, seed: 3, progressIntervalMs: 0 },
      },
      { dataset: taskDataset, onProgress: (p) => progress.push(p) },
    );
    expect(unlearned.model.kind).toBe('model');
    expect(unlearned.stats.retrained).toBe(false);
    expect(progress.length).toBeGreaterThan(0);
    const evaluated = await pool.run<EvaluateUnlearnedTaskResult>(
      {
        kind: 'evaluate-unlearned',
        payload: { predictor: unlearned.model, reference: { kind: 'model', weights: trained.weights }, encoding: trained.encoding, retainRows, forgetRows, testRows, seed: 1, relearn: { originalForgetLoss: 0.5, maxSteps: 10 } },
      },
      { dataset: taskDataset },
    );
    expect(evaluated.metrics.counts).toEqual({ forget: forgetRows.length, retain: retainRows.length, test: testRows.length });
    expect(evaluated.metrics.reference).not.toBeNull();
    expect(evaluated.relearn?.curve.length).toBeGreaterThan(0);
    // per-example outputs came from ONNX Runtime inside the thread, with the pool's thread budget
    expect(evaluated.evaluation).toMatchObject({ name: 'ort', threadsFrom: 'pool' });
    expect(evaluated.evaluation.threads).toBeGreaterThanOrEqual(1);
    // Per-example outputs: every forget row, with its row id, φ and margin in float32.
    const outputs = evaluated.outputs;
    expect(Array.from(outputs.splits.forget.rowIds)).toEqual(Array.from(forgetRows));
    expect(outputs.splits.forget.phi).toBeInstanceOf(Float32Array);
    expect(outputs.splits.forget.margin.length).toBe(forgetRows.length);
    expect(outputs.splits.test.splitSize).toBe(testRows.length);
    expect(outputs.splits.retain.rowIds.length).toBe(Math.min(1000, retainRows.length));
    await expect(pool.run({ kind: 'unlearn', payload: { methodId: 'scrub', config: { alpha: -1 }, spec, recipe, encoding: trained.encoding, original: unlearned.model, retainRows, forgetRows, seed: 1 } }, { dataset: taskDataset })).rejects.toThrow(/alpha/);

    const sisa = await pool.run<TrainOriginalTaskResult>({ kind: 'train-unlearnable-original', payload: { mode: 'sisa', spec, recipe, trainRows, config: { shards: 2, slices: 2 } } }, { dataset: taskDataset });
    expect(sisa.model.kind).toBe('ensemble');
    const sisaUnlearned = await pool.run<UnlearnTaskResult>(
      { kind: 'unlearn', payload: { methodId: 'sisa', config: {}, spec, recipe, encoding: sisa.encoding, original: sisa.model, retainRows, forgetRows, artifacts: sisa.artifacts, seed: 1 } },
      { dataset: taskDataset },
    );
    expect(sisaUnlearned.stats.shardsRetrained).toBe(2);
  });
});
