/**
 * Thread-pool task kinds for unlearning (load this module through ThreadPool's
 * `handlerModules`): 'unlearn' runs one method, 'train-unlearnable-original' trains an
 * original the way SISA / Amnesiac / certified removal need, 'evaluate-unlearned' produces a
 * ModelMetricsRecord (and optionally relearn time). Payloads are plain data: serialised
 * weights, row id lists, configs, artifacts. Each task encodes the rows it uses from the
 * lane's cached dataset (context.rowSet), which the lane keeps for the next task.
 */
import { registerTaskHandler, type TaskContext } from '../jobs/thread-pool-handlers';
import { computeEncodingStats, encodingForSpec, type EncodingStats } from '../ml/encode-inputs';
import { Model } from '../ml/model';
import { warmUp } from '../ml/warm-up';
import { parseModelSpec, type ModelSpecInput } from '../ml/model-spec';
import { parseTrainingRecipe, type TrainingRecipeInput } from '../ml/training-recipe';
import type { GroupAttribute, ModelMetricsRecord, PerExampleOutputs } from '../metrics';
import { createRandom } from '../random';
import { parseMethodConfig, type CurvePoint, type UnlearningArtifacts, type UnlearningProgress, type UnlearningStats } from './contract';
import { chooseEvaluationEngine, type EvaluationEngine } from '../ml/onnx/ort-runtime';
import { collectPerExampleOutputs, evaluateWithOutputs, measureRelearnTime, type RelearnMeasurement } from './evaluate-unlearned';
import { trainWithUpdateCapture } from './methods/amnesiac';
import { trainCertified } from './methods/certified-removal';
import { trainSisa } from './methods/sisa';
import { deserializePredictor, isModel, predictorBuffers, serializePredictor, type SerializedPredictor } from './predictor';
import { getMethod } from './registry';

export interface UnlearnTaskPayload {
  methodId: string;
  /** Raw method config (validated in the thread). */
  config: unknown;
  spec: ModelSpecInput;
  recipe: TrainingRecipeInput;
  encoding: EncodingStats;
  original: SerializedPredictor;
  retainRows: Int32Array;
  forgetRows: Int32Array;
  testRows?: Int32Array;
  artifacts?: UnlearningArtifacts;
  /** Seed of the method's random source. */
  seed: number;
  progressIntervalMs?: number;
}

export interface UnlearnTaskResult {
  model: SerializedPredictor;
  stats: UnlearningStats;
  /**
   * The timed phase, measured here the same way for every method: the method's run, after the
   * warm-up, with its inputs already on the backend (serialisation and evaluation excluded).
   */
  seconds: number;
  /** The untimed warm-up before it (lib/ml/warm-up). */
  warmUpSeconds: number;
  curve: CurvePoint[];
  artifacts?: UnlearningArtifacts;
}

export interface TrainOriginalTaskPayload {
  mode: 'sisa' | 'amnesiac' | 'certified';
  spec: ModelSpecInput;
  recipe: TrainingRecipeInput;
  trainRows: Int32Array;
  /** Rows whose statistics standardise the inputs (default: trainRows); a variant's retrain uses the whole training split like its original. */
  encodeWith?: Int32Array;
  /** SISA: { shards, slices, aggregation }; certified: { lambda, sigma }. */
  config?: Record<string, unknown>;
  /** Amnesiac: the rows each deletion request adds, in order (their batches' updates are summed per request). */
  captureGroups?: Int32Array[];
}

export interface TrainOriginalTaskResult {
  model: SerializedPredictor;
  artifacts: UnlearningArtifacts;
  encoding: EncodingStats;
  /** The timed phase: training, after the warm-up, with the inputs already encoded. */
  seconds: number;
  warmUpSeconds: number;
}

export interface EvaluateUnlearnedTaskPayload {
  predictor: SerializedPredictor;
  reference?: SerializedPredictor;
  encoding: EncodingStats;
  retainRows: Int32Array;
  forgetRows: Int32Array;
  testRows: Int32Array;
  /** A sweeping study's validation rows: their accuracy is what the sweep chooses by. */
  validationRows?: Int32Array;
  seed: number;
  timing?: { seconds: number; retrainSeconds?: number };
  /** Measure relearn time against the original's forget loss (single models only). */
  relearn?: { originalForgetLoss: number; maxSteps?: number; learningRate?: number };
  /** Per-group metrics for the dataset's sensitive attributes. */
  groups?: boolean;
  /** Rows of triggered inputs (labels = true labels) for backdoor attack success. */
  backdoor?: { rows: Int32Array; targetClass: number };
  /** The model spec: a randomly initialised model of it (seeded) serves ZRF. */
  spec?: ModelSpecInput;
}

export interface EvaluateUnlearnedTaskResult {
  metrics: ModelMetricsRecord;
  relearn: RelearnMeasurement | null;
  /** Which engine computed the per-example outputs, with how many threads, and how long it took. */
  evaluation: EvaluationEngine & { seconds: number };
  /** φ and margins on all forget rows and a fixed retain / test sample (float32, with row ids). */
  outputs: PerExampleOutputs;
}

function throttledProgress(context: TaskContext, intervalMs = 250): (p: UnlearningProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < intervalMs && p.fraction < 1) return;
    last = now;
    context.progress(p);
  };
}

registerTaskHandler('unlearn', async (raw, context) => {
  const payload = raw as UnlearnTaskPayload;
  const method = getMethod(payload.methodId);
  const config = parseMethodConfig(method, payload.config);
  const retain = context.rowSet(payload.retainRows, payload.encoding);
  const forget = context.rowSet(payload.forgetRows, payload.encoding);
  const test = payload.testRows ? context.rowSet(payload.testRows, payload.encoding) : undefined;
  const original = deserializePredictor(payload.original);
  try {
    const warmUpSeconds = await warmUp({ spec: payload.spec, io: { inputShape: forget.inputShape, numClasses: context.dataset().classNames.length }, set: retain.size ? retain : forget, recipe: payload.recipe });
    const started = performance.now();
    const result = await method.run({
      original,
      spec: parseModelSpec(payload.spec),
      recipe: parseTrainingRecipe(payload.recipe),
      retain,
      forget,
      test,
      config,
      context: {
        signal: context.signal,
        progress: throttledProgress(context, payload.progressIntervalMs),
        random: createRandom(payload.seed),
        artifacts: payload.artifacts ?? {},
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const model = serializePredictor(result.model);
    result.model.dispose();
    const output: UnlearnTaskResult = { model, stats: result.stats, seconds, warmUpSeconds, curve: result.curve ?? [], artifacts: result.artifacts };
    return { result: output, transfer: predictorBuffers(model) };
  } finally {
    original.dispose();
  }
});

registerTaskHandler('train-unlearnable-original', async (raw, context) => {
  const payload = raw as TrainOriginalTaskPayload;
  const data = context.dataset();
  const encoding = encodingForSpec(computeEncodingStats(data, payload.encodeWith ?? payload.trainRows), payload.spec);
  const trainSet = context.rowSet(payload.trainRows, encoding);
  const spec = parseModelSpec(payload.spec);
  const recipe = parseTrainingRecipe(payload.recipe);
  const io = { inputShape: trainSet.inputShape, numClasses: data.classNames.length };
  const progress = throttledProgress(context);
  const warmUpSeconds = await warmUp({ spec, io, set: trainSet, recipe });
  const started = performance.now();
  let output: TrainOriginalTaskResult;
  if (payload.mode === 'sisa') {
    const { ensemble, artifact } = await trainSisa({ spec, io, recipe, train: trainSet, config: payload.config, signal: context.signal, progress });
    output = { model: serializePredictor(ensemble), artifacts: { sisa: artifact }, encoding, seconds: 0, warmUpSeconds };
    ensemble.dispose();
  } else if (payload.mode === 'amnesiac') {
    const model = Model.create(spec, io, recipe.seed);
    try {
      const artifact = await trainWithUpdateCapture(model, trainSet, recipe, { groups: payload.captureGroups ?? [], signal: context.signal });
      output = { model: serializePredictor(model), artifacts: { amnesiac: artifact }, encoding, seconds: 0, warmUpSeconds };
    } finally {
      model.dispose();
    }
  } else {
    const { model, artifact } = trainCertified({ spec, io, train: trainSet, config: payload.config, random: createRandom(recipe.seed), signal: context.signal, progress });
    output = { model: serializePredictor(model), artifacts: { certified: artifact }, encoding, seconds: 0, warmUpSeconds };
    model.dispose();
  }
  output.seconds = (performance.now() - started) / 1000;
  return { result: output, transfer: predictorBuffers(output.model) };
});

registerTaskHandler('evaluate-unlearned', async (raw, context) => {
  const payload = raw as EvaluateUnlearnedTaskPayload;
  const retain = context.rowSet(payload.retainRows, payload.encoding);
  const forget = context.rowSet(payload.forgetRows, payload.encoding);
  const test = context.rowSet(payload.testRows, payload.encoding);
  const validation = payload.validationRows ? context.rowSet(payload.validationRows, payload.encoding) : undefined;
  const predictor = deserializePredictor(payload.predictor);
  const reference = payload.reference ? deserializePredictor(payload.reference) : undefined;
  const backdoorSet = payload.backdoor ? context.rowSet(payload.backdoor.rows, payload.encoding) : undefined;
  // ZRF compares with a model that never learned anything: a fresh, seeded initialisation.
  const randomModel = payload.spec ? Model.create(parseModelSpec(payload.spec), predictor.io, payload.seed + 7919) : undefined;
  const data = context.dataset();
  const groupsOf = (rows: Int32Array): GroupAttribute[] =>
    data.groups.map((g) => ({ name: g.name, values: g.values, codes: Int32Array.from(rows, (r) => g.codes[r]) }));
  const groups = payload.groups && data.groups.length
    ? { forget: groupsOf(payload.forgetRows), retain: groupsOf(payload.retainRows), test: groupsOf(payload.testRows) }
    : undefined;
  try {
    const started = performance.now();
    const engine = await chooseEvaluationEngine({ poolThreads: context.threads });
    const { record: metrics, probabilities } = await evaluateWithOutputs({
      engine,
      predictor,
      reference,
      randomModel,
      retain,
      forget,
      test,
      validation,
      groups,
      backdoor: backdoorSet && payload.backdoor ? { set: backdoorSet, targetClass: payload.backdoor.targetClass } : undefined,
      seed: payload.seed,
      timing: payload.timing,
      signal: context.signal,
      classNames: data.classNames,
    });
    const evaluationSeconds = (performance.now() - started) / 1000;
    const relearn =
      payload.relearn && isModel(predictor)
        ? await measureRelearnTime(predictor, forget, { ...payload.relearn, seed: payload.seed, signal: context.signal })
        : null;
    const outputs = collectPerExampleOutputs({ forget, retain, test }, probabilities, predictor.io.numClasses);
    const output: EvaluateUnlearnedTaskResult = { metrics, relearn, outputs, evaluation: { ...engine, seconds: evaluationSeconds } };
    return { result: output };
  } finally {
    predictor.dispose();
    reference?.dispose();
    randomModel?.dispose();
  }
});
