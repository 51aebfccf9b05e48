/**
 * ONNX Runtime and TensorFlow.js give the same per-example outputs for a single model and for
 * SISA ensembles (vote and softmax aggregation), and evaluateUnlearned records the same metrics
 * on either engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initMlBackend } from '../ml/backend';
import { Model } from '../ml/model';
import type { ModelSpecInput } from '../ml/model-spec';
import { chooseEvaluationEngine, type EvaluationEngine } from '../ml/onnx/ort-runtime';
import { createTensorSet, disposeTensorSet, type TensorSet } from '../ml/tensor-set';
import { randomArray, tinyData } from '../ml/test-utils';
import { perExampleSample, splitOutputs } from '../metrics';
import { subsetByPositions } from './common';
import { collectPerExampleOutputs, evaluateUnlearned, evaluateWithOutputs } from './evaluate-unlearned';
import { openOutputs } from './outputs-engine';
import { EnsemblePredictor, predictOutputs, type Predictor, type PredictorOutputs } from './predictor';

const TFJS: EvaluationEngine = { name: 'tfjs', threads: 1, threadsFrom: 'default', versions: {} };
const ORT: EvaluationEngine = { name: 'ort', threads: 2, threadsFrom: 'default', versions: {} };

let set: TensorSet;
beforeAll(async () => {
  await initMlBackend({ force: 'wasm' });
  const data = tinyData(300, [8, 8, 1], 4, 21);
  set = createTensorSet(data.matrix, data.inputShape, data.labels, data.rowIds);
  return () => disposeTensorSet(set);
});

const CNN: ModelSpecInput = { kind: 'cnn', blocks: [{ filters: 3, kernelSize: 3, activation: 'tanh' }], dense: [6] };

function randomModel(seed: number): Model {
  const model = Model.create(CNN, { inputShape: [8, 8, 1], numClasses: 4 }, seed);
  model.setValues(model.layout.map((p, i) => randomArray(p.size, seed * 10 + i, p.fan ? 2 * Math.sqrt(3 / p.fan.in) : 0.5)));
  return model;
}

async function outputsOn(predictor: Predictor, engine: EvaluationEngine): Promise<PredictorOutputs> {
  const evaluator = await openOutputs(predictor, engine);
  try {
    return await evaluator.outputs(set);
  } finally {
    await evaluator.close();
  }
}

function expectSameOutputs(actual: PredictorOutputs, expected: PredictorOutputs): void {
  let probabilityDiff = 0;
  for (let i = 0; i < expected.probabilities.length; i++) probabilityDiff = Math.max(probabilityDiff, Math.abs(actual.probabilities[i] - expected.probabilities[i]));
  let lossDiff = 0;
  for (let i = 0; i < expected.losses.length; i++) lossDiff = Math.max(lossDiff, Math.abs(actual.losses[i] - expected.losses[i]));
  expect(probabilityDiff).toBeLessThan(1e-5);
  expect(lossDiff).toBeLessThan(1e-4);
  expect(Array.from(actual.predictions)).toEqual(Array.from(expected.predictions));
  expect(actual.accuracy).toBe(expected.accuracy);
}

describe('evaluation engines', () => {
  it('a single model: same probabilities, losses and predictions on ORT and TF.js', async () => {
    const model = randomModel(1);
    const [ort, tfjs] = [await outputsOn(model, ORT), await outputsOn(model, TFJS)];
    expectSameOutputs(ort, tfjs);
    model.dispose();
  });

  for (const aggregation of ['vote', 'softmax'] as const) {
    it(`a SISA ensemble (${aggregation}): same outputs on ORT and TF.js`, async () => {
      const ensemble = new EnsemblePredictor([randomModel(2), randomModel(3), randomModel(4)], aggregation);
      const [ort, tfjs] = [await outputsOn(ensemble, ORT), await outputsOn(ensemble, TFJS)];
      expectSameOutputs(ort, tfjs);
      // vote shares are multiples of 1/3 (floored): the aggregation was really applied
      if (aggregation === 'vote') for (const p of ort.probabilities) expect(Math.abs(p * 3 - Math.round(p * 3))).toBeLessThan(1e-4);
      ensemble.dispose();
    });
  }

  it('evaluateUnlearned records the same metrics on both engines', async () => {
    const model = randomModel(5);
    const reference = randomModel(6);
    const thirds = [0, 100, 200, 300].map((n) => n);
    const part = (from: number, to: number) => {
      const data = tinyData(300, [8, 8, 1], 4, 21);
      const rows = data.rowIds.slice(from, to);
      return createTensorSet(data.matrix.slice(from * 64, to * 64), data.inputShape, data.labels.slice(from, to), rows);
    };
    const [forget, retain, test] = [part(thirds[0], thirds[1]), part(thirds[1], thirds[2]), part(thirds[2], thirds[3])];
    try {
      const input = { predictor: model, reference, retain, forget, test, seed: 3 };
      const onOrt = await evaluateUnlearned({ ...input, engine: ORT });
      const onTfjs = await evaluateUnlearned({ ...input, engine: TFJS });
      for (const [name, value] of Object.entries(onTfjs.scalars)) {
        expect(onOrt.scalars[name], name).toBeCloseTo(value as number, 4);
      }
    } finally {
      [forget, retain, test].forEach(disposeTensorSet);
      model.dispose();
      reference.dispose();
    }
  });

  it('per-example outputs are read from the evaluation’s probabilities: the same as the model’s on the sampled rows', async () => {
    const model = randomModel(7);
    // retain and test over the 1,000-row sample, so their rows are drawn; forget is kept whole
    const data = tinyData(2600, [8, 8, 1], 4, 22);
    const part = (from: number, to: number) =>
      createTensorSet(data.matrix.slice(from * 64, to * 64), data.inputShape, data.labels.slice(from, to), data.rowIds.slice(from, to));
    const sets = { forget: part(0, 200), retain: part(200, 1400), test: part(1400, 2600) };
    try {
      const { probabilities } = await evaluateWithOutputs({ predictor: model, ...sets, seed: 1, engine: TFJS });
      const outputs = collectPerExampleOutputs(sets, probabilities, 4);
      for (const name of ['forget', 'retain', 'test'] as const) {
        const positions = perExampleSample(sets[name].rowIds, name);
        expect(positions.length).toBe(name === 'forget' ? 200 : 1000);
        const sampled = subsetByPositions(sets[name], positions);
        const direct = splitOutputs(sampled.rowIds, sampled.labelValues, predictOutputs(model, sampled).probabilities, 4, sets[name].size);
        disposeTensorSet(sampled);
        const got = outputs.splits[name];
        expect(Array.from(got.rowIds)).toEqual(Array.from(direct.rowIds));
        for (let i = 0; i < direct.phi.length; i++) expect(got.phi[i]).toBeCloseTo(direct.phi[i], 5);
      }
      expect(() => collectPerExampleOutputs(sets, { ...probabilities, test: probabilities.test.subarray(4) }, 4)).toThrow(/test probabilities have/);
    } finally {
      Object.values(sets).forEach(disposeTensorSet);
      model.dispose();
    }
  });

  it('chooses ORT by default, with the pool thread budget unless LETHE_ORT_THREADS overrides it', async () => {
    const saved = { engine: process.env.LETHE_EVAL_ENGINE, threads: process.env.LETHE_ORT_THREADS };
    try {
      delete process.env.LETHE_EVAL_ENGINE;
      delete process.env.LETHE_ORT_THREADS;
      expect(await chooseEvaluationEngine({ poolThreads: 2 })).toMatchObject({ name: 'ort', threads: 2, threadsFrom: 'pool' });
      process.env.LETHE_ORT_THREADS = '3';
      expect(await chooseEvaluationEngine({ poolThreads: 2 })).toMatchObject({ name: 'ort', threads: 3, threadsFrom: 'LETHE_ORT_THREADS' });
      process.env.LETHE_ORT_THREADS = 'many';
      await expect(chooseEvaluationEngine()).rejects.toThrow(/LETHE_ORT_THREADS must be an integer/);
      delete process.env.LETHE_ORT_THREADS;
      process.env.LETHE_EVAL_ENGINE = 'tfjs';
      expect((await chooseEvaluationEngine()).name).toBe('tfjs');
    } finally {
      for (const [key, value] of [['LETHE_EVAL_ENGINE', saved.engine], ['LETHE_ORT_THREADS', saved.threads]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
