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
import { computeEncodingStats, encodingForSpec, type EncodingStats } from '../ml/encode-inputs';
import { evaluateModel, type Evaluation, type EvaluationOutput } from '../ml/evaluate';
import type { ModelSpecInput } from '../ml/model-spec';
import { Model } from '../ml/model';
import { encodedBlocks, packageBlocks, uploadedModelLogits, UploadedModelError, UploadedModelMemoryError, type EncodedBlocks, type UploadedModelMemory } from '../ml/onnx/uploaded-model';
import { exportLogitsModel } from '../ml/onnx/export-model';
import { checkSameSpec } from '../ml/onnx/same-spec';
import { initialValues, paramLayout } from '../ml/network';
import { softmaxRows } from '../metrics/uploaded-logits';
import type { TensorSet } from '../ml/tensor-set';
import { train, type EpochProgress, type StepProgress } from '../ml/train';
import { parseTrainingRecipe, type TrainingRecipeInput } from '../ml/training-recipe';
import { warmUp } from '../ml/warm-up';
import { deserializeWeights, readWeightValues, serializeWeights } from '../ml/weights';
import { chargedBytes } from './thread-pool-protocol';

export interface TaskContext {
  /** Fires when the caller cancels the task. */
  signal: AbortSignal;
  /** Sends a progress message to the caller (keep it small and cloneable). */
  progress(progress: unknown): void;
  /** The task's dataset version, loaded once per thread and reused. Throws if the task has none. */
  dataset(): DatasetArrays;
  /**
   * The task's rows of its dataset, encoded on the backend (lane-row-sets.ts): the lane keeps
   * them for the next task that asks for the same rows. The lane owns the set: never dispose it.
   */
  rowSet(rows: Int32Array, encoding: EncodingStats): TensorSet;
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

registerTaskHandler('train', async (raw, context) => {
  const payload = raw as TrainTaskPayload;
  const data = context.dataset();
  const encoding = encodingForSpec(computeEncodingStats(data, payload.encodeWith ?? payload.trainRows), payload.spec);
  const trainSet = context.rowSet(payload.trainRows, encoding);
  const evalSet = payload.evalRows ? context.rowSet(payload.evalRows, encoding) : undefined;
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
  }
});

registerTaskHandler('evaluate', async (raw, context) => {
  const payload = raw as EvaluateTaskPayload;
  const model = deserializeWeights(payload.weights);
  const set = context.rowSet(payload.rows, payload.encoding);
  try {
    const evaluation = evaluateModel(model, set, { outputs: payload.outputs, batchSize: payload.batchSize });
    const transfer = [evaluation.losses.buffer, evaluation.predictions.buffer, evaluation.rowIds.buffer];
    if (evaluation.logits) transfer.push(evaluation.logits.buffer);
    if (evaluation.probabilities) transfer.push(evaluation.probabilities.buffer);
    return { result: evaluation, transfer: transfer as ArrayBuffer[] };
  } finally {
    model.dispose();
  }
});

// ---- external runs ------------------------------------------------------------------

export interface ExternalRunTaskPayload {
  rows: PackageRowSets;
  /** An ONNX model to run on the package's arrays, or the logits uploaded instead (checked already). */
  source: { kind: 'model'; model: Uint8Array } | { kind: 'logits'; logits: PackageLogits };
  /** The group's own retrain's logits, when that is the reference. */
  reference?: PackageLogits;
  /**
   * Lethe's retrain as the reference instead (a model upload only): its weights file. The
   * uploaded model must have the retrain's spec (checked here from its graph, before it runs);
   * the retrain then runs on the same package arrays, and ZRF is computed as for Lethe's runs.
   */
  letheReference?: { weights: Uint8Array };
  seed: number;
  timing?: { seconds: number; retrainSeconds?: number };
  /** What the task may hold, ONNX Runtime's native memory included (the pool's budget sees only the JavaScript side). */
  memoryLimitMb: number;
}

/** A refusal the uploader can act on (the model does not fit the package, or needs too much memory), or the scored run. */
export type ExternalRunTaskResult =
  | { refused: { message: string; reason?: string; memory?: { neededMb: number; limitMb: number }; differences?: string[] } }
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
  const numClasses = data.classNames.length;
  const memory: UploadedModelMemory = { limitMb: payload.memoryLimitMb, heldBytes };
  const runOptions = { threads: context.threads, memory, signal: context.signal };
  let logits: PackageLogits;
  let lethe: LetheReferenceOutputs | undefined;
  if (payload.source.kind === 'model') {
    const { sampleShape, stats, splits } = packageBlocks(data, rows.train, rows.test);
    try {
      const retrain = payload.letheReference ? readWeightValues(payload.letheReference.weights) : undefined;
      if (retrain) {
        // Before the model runs: a model of another architecture is refused with what differs.
        const check = checkSameSpec(payload.source.model, { spec: retrain.spec, sampleShape, numClasses });
        if (!check.same) {
          const message = `model.onnx does not have the study's model spec, so Lethe's retrain cannot be its reference: ${check.reasons.join('; ')}.`;
          return { result: { refused: { message, reason: 'spec_mismatch', differences: check.reasons } } satisfies ExternalRunTaskResult };
        }
      }
      const out = await uploadedModelLogits(payload.source.model, sampleShape, numClasses, splits, runOptions);
      logits = {
        train: checkedLogits({ dtype: '<f8', shape: [rows.train.length, numClasses], data: out.train }, 'model.onnx outputs on x_train', rows.train.length, numClasses),
        test: checkedLogits({ dtype: '<f8', shape: [rows.test.length, numClasses], data: out.test }, 'model.onnx outputs on x_test', rows.test.length, numClasses),
      };
      if (retrain) lethe = await letheReferenceOutputs(retrain, { splits, forget: encodedBlocks(data, rows.forget, stats), numClasses, seed: payload.seed, run: runOptions });
    } catch (err) {
      const refused = refusalOf(err);
      if (refused) return { result: { refused } satisfies ExternalRunTaskResult };
      throw err;
    }
  } else {
    logits = payload.source.logits;
  }
  const scored = scoreUploadedLogits({ data, rows, logits, reference: lethe?.logits ?? payload.reference, randomModelForget: lethe?.randomForget, seed: payload.seed, timing: payload.timing });
  if (payload.source.kind === 'logits') return { result: { modelLogits: null, ...scored } satisfies ExternalRunTaskResult };
  return { result: { modelLogits: logits, ...scored } satisfies ExternalRunTaskResult, transfer: [logits.train.buffer as ArrayBuffer, logits.test.buffer as ArrayBuffer] };
});

interface LetheReferenceOutputs {
  logits: PackageLogits;
  /** Class probabilities of a seeded random model of the spec on the forget rows (ZRF). */
  randomForget: Float32Array;
}

/** The seed offset of ZRF's random model, as Lethe's own evaluation draws it (lib/unlearning/pool-handlers.ts). */
const ZRF_SEED_OFFSET = 7919;

/**
 * Lethe's retrain run on the package arrays through its ONNX export (the engine Lethe's own
 * evaluation uses), and ZRF's random model of the same spec on the forget rows. A failure here
 * is Lethe's, not the upload's: it is not turned into a refusal (memory aside).
 */
async function letheReferenceOutputs(
  retrain: ReturnType<typeof readWeightValues>,
  input: { splits: Record<'train' | 'test', EncodedBlocks>; forget: EncodedBlocks; numClasses: number; seed: number; run: Parameters<typeof uploadedModelLogits>[4] },
): Promise<LetheReferenceOutputs> {
  const { spec, io } = retrain;
  const none: EncodedBlocks = { rows: 0, blocks: function* () {} };
  try {
    const logits = await uploadedModelLogits(exportLogitsModel([{ spec, io, values: retrain.values }]), io.inputShape, input.numClasses, input.splits, input.run);
    const random = exportLogitsModel([{ spec, io, values: initialValues(paramLayout(spec, io), input.seed + ZRF_SEED_OFFSET) }]);
    const randomLogits = await uploadedModelLogits(random, io.inputShape, input.numClasses, { train: input.forget, test: none }, input.run);
    const positions = Int32Array.from({ length: input.forget.rows }, (_, i) => i);
    return { logits, randomForget: softmaxRows(randomLogits.train, input.numClasses, positions) };
  } catch (err) {
    if (err instanceof UploadedModelError) throw new Error(`Lethe's retrain could not be run on the package arrays: ${err.message}`);
    throw err;
  }
}

function refusalOf(err: unknown): Extract<ExternalRunTaskResult, { refused: object }>['refused'] | null {
  if (err instanceof UploadedModelMemoryError) return { message: err.message, memory: { neededMb: err.neededMb, limitMb: err.limitMb } };
  if (err instanceof UploadedModelError) return { message: err.message };
  if (err instanceof DataError) return { message: err.message, reason: err.code };
  return null;
}
