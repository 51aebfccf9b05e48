/**
 * The registry of task handlers that run inside pool threads (kind -> handler), with
 * the built-in 'train', 'evaluate' and 'external-run' handlers. Later layers (unlearning methods,
 * metrics) register their own kinds from a module passed as a pool handler module.
 */
import { DataError } from '../data/errors';
import type { DatasetArrays } from '../data/types';
import { scoreUploadedLogits, type PackageLogits, type PackageRowSets, type ScoredUpload } from '../metrics/score-uploaded';
import { checkedLogits } from '../metrics/uploaded-logits';
import { mlBackendInfo, mlMemory, type MlBackendInfo } from '../ml/backend';
import { computeEncodingStats, encodeInputs, encodingForSpec, labelsOf, type EncodingStats } from '../ml/encode-inputs';
import { evaluateModel, type Evaluation, type EvaluationOutput } from '../ml/evaluate';
import type { ModelSpecInput } from '../ml/model-spec';
import { Model } from '../ml/model';
import { packageBlocks, uploadedModelLogits, UploadedModelError, UploadedModelMemoryError } from '../ml/onnx/uploaded-model';
import { createTensorSet, disposeTensorSet, type TensorSet } from '../ml/tensor-set';
import { train, type EpochProgress, type StepProgress } from '../ml/train';
import { parseTrainingRecipe, type TrainingRecipeInput } from '../ml/training-recipe';
import { warmUp } from '../ml/warm-up';
import { deserializeWeights, serializeWeights } from '../ml/weights';
import { chargedBytes } from './thread-pool-protocol';

export interface TaskContext {
  /** Fires when the caller cancels the task. */
  signal: AbortSignal;
  /** Sends a progress message to the caller (keep it small and cloneable). */
  progress(progress: unknown): void;
  /** The task's dataset version, loaded once per thread and reused. Throws if the task has none. */
  dataset(): DatasetArrays;
  /**
   * CPU threads this task may use for native kernels (ONNX Runtime intra-op threads): the
   * cores left when it started divided by the runs then in the pool, so several when the pool
   * is not full and one when it is.
   */
  threads: number;
}

export interface TaskOutput {
  result: unknown;
  /** Buffers to move to the caller instead of copying. */
  transfer?: ArrayBuffer[];
}

export type TaskHandler = (payload: unknown, context: TaskContext) => Promise<TaskOutput>;

const handlers = new Map<string, TaskHandler>();

export function registerTaskHandler(kind: string, handler: TaskHandler): void {
  handlers.set(kind, handler);
}

export function taskHandler(kind: string): TaskHandler | undefined {
  return handlers.get(kind);
}

export function registeredTaskKinds(): string[] {
  return [...handlers.keys()];
}

// ---- built-in handlers ------------------------------------------------------------

export interface TrainTaskPayload {
  spec: ModelSpecInput;
  recipe: TrainingRecipeInput;
  /** Rows to train on (also the rows the encoding stats come from, unless encodeWith is given). */
  trainRows: Int32Array;
  /** Rows whose statistics standardise the inputs (a study encodes every model like its original). */
  encodeWith?: Int32Array;
  /** Rows evaluated after each epoch for progress. */
  evalRows?: Int32Array;
  /** Start from these weights (serialised) instead of a seeded initialisation. */
  initialWeights?: Uint8Array;
  /** Minimum milliseconds between step progress messages (epoch messages always go). */
  progressIntervalMs?: number;
}

export type TrainTaskProgress = ({ type: 'step' } & StepProgress) | ({ type: 'epoch' } & EpochProgress);

export interface TrainTaskResult {
  weights: Uint8Array;
  encoding: EncodingStats;
  epochs: EpochProgress[];
  finalLoss: number;
  /** The timed phase: the training loop, after the warm-up. */
  seconds: number;
  /** The untimed warm-up before it (lib/ml/warm-up). */
  warmUpSeconds: number;
  backend: MlBackendInfo | null;
}

export interface EvaluateTaskPayload {
  weights: Uint8Array;
  rows: Int32Array;
  encoding: EncodingStats;
  outputs?: EvaluationOutput[];
  batchSize?: number;
}

export type EvaluateTaskResult = Evaluation;

/**
 * The task's rows of its dataset, encoded and uploaded to the backend. Each task encodes only
 * the rows it uses (no cached copy of every row): a lane holds one encoded copy of its data
 * on the backend, and the JavaScript copy is dropped as soon as it is uploaded.
 */
export function tensorSetFor(context: TaskContext, rows: Int32Array, encoding: EncodingStats): TensorSet {
  const data = context.dataset();
  const encoded = encodeInputs(data, rows, encoding);
  return createTensorSet(encoded.matrix, encoded.inputShape, labelsOf(data, rows), rows);
}

registerTaskHandler('train', async (raw, context) => {
  const payload = raw as TrainTaskPayload;
  const data = context.dataset();
  const encoding = encodingForSpec(computeEncodingStats(data, payload.encodeWith ?? payload.trainRows), payload.spec);
  const trainSet = tensorSetFor(context, payload.trainRows, encoding);
  const evalSet = payload.evalRows ? tensorSetFor(context, payload.evalRows, encoding) : undefined;
  const io = { inputShape: trainSet.inputShape, numClasses: data.classNames.length };
  const model = payload.initialWeights
    ? deserializeWeights(payload.initialWeights)
    : Model.create(payload.spec, io, parseTrainingRecipe(payload.recipe).seed);
  try {
    const warmUpSeconds = await warmUp({ spec: payload.spec, io, set: trainSet, recipe: payload.recipe });
    const interval = payload.progressIntervalMs ?? 250;
    let lastSent = 0;
    const result = await train({
      model,
      set: trainSet,
      recipe: payload.recipe,
      evalSet,
      signal: context.signal,
      onStep: (p) => {
        const now = performance.now();
        if (now - lastSent < interval && p.globalStep !== p.totalSteps - 1) return;
        lastSent = now;
        context.progress({ type: 'step', ...p } satisfies TrainTaskProgress);
      },
      onEpoch: (p) => context.progress({ type: 'epoch', ...p } satisfies TrainTaskProgress),
    });
    const weights = serializeWeights(model);
    const output: TrainTaskResult = {
      weights,
      encoding,
      epochs: result.epochs,
      finalLoss: result.finalLoss,
      seconds: result.seconds,
      warmUpSeconds,
      backend: mlBackendInfo(),
    };
    return { result: output, transfer: [weights.buffer as ArrayBuffer] };
  } finally {
    model.dispose();
    disposeTensorSet(trainSet);
    if (evalSet) disposeTensorSet(evalSet);
  }
});

registerTaskHandler('evaluate', async (raw, context) => {
  const payload = raw as EvaluateTaskPayload;
  const model = deserializeWeights(payload.weights);
  const set = tensorSetFor(context, payload.rows, payload.encoding);
  try {
    const evaluation = evaluateModel(model, set, { outputs: payload.outputs, batchSize: payload.batchSize });
    const transfer = [evaluation.losses.buffer, evaluation.predictions.buffer, evaluation.rowIds.buffer];
    if (evaluation.logits) transfer.push(evaluation.logits.buffer);
    if (evaluation.probabilities) transfer.push(evaluation.probabilities.buffer);
    return { result: evaluation, transfer: transfer as ArrayBuffer[] };
  } finally {
    model.dispose();
    disposeTensorSet(set);
  }
});

// ---- external runs ------------------------------------------------------------------

export interface ExternalRunTaskPayload {
  rows: PackageRowSets;
  /** An ONNX model to run on the package's arrays, or the logits uploaded instead (checked already). */
  source: { kind: 'model'; model: Uint8Array } | { kind: 'logits'; logits: PackageLogits };
  reference?: PackageLogits;
  seed: number;
  timing?: { seconds: number; retrainSeconds?: number };
  /** What the task may hold, ONNX Runtime's native memory included (the pool's budget sees only the JavaScript side). */
  memoryLimitMb: number;
}

/** A refusal the uploader can act on (the model does not fit the package, or needs too much memory), or the scored run. */
export type ExternalRunTaskResult =
  | { refused: { message: string; reason?: string; memory?: { neededMb: number; limitMb: number } } }
  /** `modelLogits`: the model's outputs (null when logits were uploaded: the caller has them). */
  | ({ refused?: undefined; modelLogits: PackageLogits | null } & ScoredUpload);

/** Bytes this lane holds as the pool charges them (thread-pool-protocol chargedBytes). */
function heldBytes(): number {
  const usage = process.memoryUsage();
  return chargedBytes({ heapUsed: usage.heapUsed, external: usage.external, ...mlMemory() });
}

/**
 * An external run: the uploaded ONNX model run on the package's arrays (or the uploaded
 * logits), then scored. The inference runs here, not in the web process, so a model that asks
 * for huge intermediate tensors exhausts this lane's budget, not the server.
 */
registerTaskHandler('external-run', async (raw, context) => {
  const payload = raw as ExternalRunTaskPayload;
  const data = context.dataset();
  const { rows } = payload;
  let logits: PackageLogits;
  if (payload.source.kind === 'model') {
    const numClasses = data.classNames.length;
    const { sampleShape, splits } = packageBlocks(data, rows.train, rows.test);
    try {
      const out = await uploadedModelLogits(payload.source.model, sampleShape, numClasses, splits, {
        threads: context.threads,
        memory: { limitMb: payload.memoryLimitMb, heldBytes },
        signal: context.signal,
      });
      logits = {
        train: checkedLogits({ dtype: '<f8', shape: [rows.train.length, numClasses], data: out.train }, 'model.onnx outputs on x_train', rows.train.length, numClasses),
        test: checkedLogits({ dtype: '<f8', shape: [rows.test.length, numClasses], data: out.test }, 'model.onnx outputs on x_test', rows.test.length, numClasses),
      };
    } catch (err) {
      const refused = refusalOf(err);
      if (refused) return { result: { refused } satisfies ExternalRunTaskResult };
      throw err;
    }
  } else {
    logits = payload.source.logits;
  }
  const scored = scoreUploadedLogits({ data, rows, logits, reference: payload.reference, seed: payload.seed, timing: payload.timing });
  if (payload.source.kind === 'logits') return { result: { modelLogits: null, ...scored } satisfies ExternalRunTaskResult };
  return { result: { modelLogits: logits, ...scored } satisfies ExternalRunTaskResult, transfer: [logits.train.buffer as ArrayBuffer, logits.test.buffer as ArrayBuffer] };
});

function refusalOf(err: unknown): Extract<ExternalRunTaskResult, { refused: object }>['refused'] | null {
  if (err instanceof UploadedModelMemoryError) return { message: err.message, memory: { neededMb: err.neededMb, limitMb: err.limitMb } };
  if (err instanceof UploadedModelError) return { message: err.message };
  if (err instanceof DataError) return { message: err.message, reason: err.code };
  return null;
}
