import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneFeatureDataset } from '@/test/sample-data';
import type { TrainTaskPayload, TrainTaskProgress, TrainTaskResult, EvaluateTaskResult } from './thread-pool-handlers';
import type { LaneIsolation } from './pool-lane';
import { ThreadPool } from './thread-pool';

const rows = 400;
const data = oneFeatureDataset(rows);
const trainRows = new Int32Array(rows).map((_, i) => i);
const payload = (epochs: number): TrainTaskPayload => ({
  spec: { kind: 'mlp', hidden: [8] },
  recipe: { epochs, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.05 }, seed: 1 },
  trainRows,
  progressIntervalMs: 0,
});

describe.each<LaneIsolation>(['process', 'thread'])('ThreadPool with %s lanes', (isolation) => {
  let pool: ThreadPool;
  beforeAll(() => {
    pool = new ThreadPool({ size: 2, cores: 4, isolation, handlerModules: [path.resolve('lib/jobs/thread-pool.test-handlers.ts')] });
  });
  afterAll(() => pool.close());
  let loads = 0;
  const taskDataset = { hash: 'dataset-1', load: () => (loads++, data) };

  it('runs two trainings in parallel with progress, cancels one, and reuses the dataset', async () => {
    // wasm for TF.js ops plus ONNX Runtime training steps for dense models
    expect((await pool.backendInfo()).name).toBe('ort');
    const progress: TrainTaskProgress[] = [];
    const controller = new AbortController();
    let cancelledSteps = 0;
    const finished = pool.run<TrainTaskResult, TrainTaskProgress>({ kind: 'train', payload: payload(3) }, { dataset: taskDataset, onProgress: (p) => progress.push(p) });
    const cancelled = pool.run<TrainTaskResult, TrainTaskProgress>(
      { kind: 'train', payload: payload(200) },
      {
        dataset: taskDataset,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.type === 'step' && ++cancelledSteps === 5) controller.abort();
        },
      },
    );
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    const result = await finished;
    expect(cancelledSteps).toBeLessThan(50);
    expect(progress.filter((p) => p.type === 'epoch')).toHaveLength(3);
    expect(progress.filter((p) => p.type === 'step').length).toBeGreaterThan(10);
    expect(result.weights).toBeInstanceOf(Uint8Array);
    expect(result.backend?.name).toBe('ort');
    // once per thread that ran a task: 2, or 1 when one thread started late (a loaded machine)
    // and the other ran both trainings
    expect(loads).toBeGreaterThanOrEqual(1);
    expect(loads).toBeLessThanOrEqual(2);

    const evaluation = await pool.run<EvaluateTaskResult>(
      { kind: 'evaluate', payload: { weights: result.weights, rows: trainRows, encoding: result.encoding } },
      { dataset: taskDataset },
    );
    expect(evaluation.losses).toHaveLength(rows);
    expect(evaluation.accuracy).toBeGreaterThan(0.6);
    expect(loads).toBeLessThanOrEqual(2); // a thread that holds the dataset never loads it again
  });

  it('gives a lone task every core for native threads and shares them when the pool fills', async () => {
    // after the first test both threads are up, so two tasks run side by side
    expect(await pool.run<number>({ kind: 'test-threads', payload: null })).toBe(4);
    const both = await Promise.all([pool.run<number>({ kind: 'test-threads', payload: null }), pool.run<number>({ kind: 'test-threads', payload: null })]);
    expect(both).toEqual([2, 2]);
  });

  it('fails a crashed thread’s task with a clear error and replaces the thread', async () => {
    await expect(pool.run({ kind: 'test-crash', payload: null })).rejects.toThrow(/crashed while running task 'test-crash'/);
    const echoes = await Promise.all([1, 2, 3].map((n) => pool.run<{ payload: number; rows: number }>({ kind: 'test-echo', payload: n }, { dataset: taskDataset })));
    expect(echoes.map((e) => e.payload)).toEqual([1, 2, 3]);
    expect(echoes[0].rows).toBe(rows);
    await expect(pool.run({ kind: 'no-such-kind', payload: null })).rejects.toThrow(/no task handler/);
  });
});
