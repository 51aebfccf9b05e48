/**
 * Peak memory of one run, estimated before it runs (pure: no tensors, no database). The plan
 * shows it per study and refuses a study whose largest run would not fit; the worker sizes each
 * run's memory budget from it (lib/jobs/run-memory.ts).
 *
 * The model follows what a pool thread holds at its peak:
 * - the thread itself (ML backend loaded): THREAD_BASE_BYTES;
 * - the dataset as stored (uint8 pixels stay one byte) and its labels, ids and groups;
 * - every row encoded as float32 for the model, twice: a task encodes the rows of each set it
 *   uses (train, or retain, forget and test), and a set's matrix in JavaScript and its tensor
 *   in the wasm heap exist together while the tensor is made (the JavaScript copy is dropped
 *   after);
 * - the model: weights, their JavaScript copy, gradients and the two Adam moments (5 copies),
 *   plus activations of a batch (forward and backward) and of an evaluation batch;
 * - per-example outputs of the evaluation (logits, probabilities, losses);
 * - what the method keeps: SISA's checkpoint per shard and slice and its shard models,
 *   Amnesiac's summed updates (one per deletion request), a second model for methods that
 *   distil or compare with the original, Fisher/SSD importances, certified removal's float64
 *   Newton state.
 */
import type { ModelIO, ModelSpec } from '@/lib/ml/model-spec';

const MB = 1024 * 1024;
/** A pool thread with TensorFlow.js and its wasm heap initialised, measured at about 45 MB. */
export const THREAD_BASE_BYTES = 64 * MB;
/** evaluateModel's batch of rows. */
const EVAL_BATCH = 1024;

export interface MemoryEstimateInput {
  spec: ModelSpec;
  /** What the model reads (images flattened for logistic/MLP) and its classes. */
  io: ModelIO;
  /** Rows the threads hold: the whole dataset version (and a security scenario's poison). */
  rows: number;
  /** Values stored per row (pixels, or feature columns) and their width in bytes (1 for pixels, 4 for numbers). */
  storedValuesPerRow: number;
  storedBytesPerValue: number;
  batchSize: number;
  /** Sequential deletion requests of the scenario. */
  requests: number;
}

/** The part of a run that decides what it holds. */
export interface RunShape {
  kind: 'original' | 'retrain' | 'unlearned';
  variant: string;
  methodId: string | null;
  config: Record<string, unknown> | null;
}

export interface MemoryEstimate {
  /** Peak bytes of the whole run. */
  bytes: number;
  /** Where they go, for the plan summary and the manifest. */
  parts: { thread: number; data: number; model: number; evaluation: number; method: number };
}

/** Parameters of the model, and activations per example (outputs of every layer). */
export function modelSize(spec: ModelSpec, io: ModelIO): { params: number; activationsPerRow: number } {
  let params = 0;
  let activations = 0;
  const dense = (inputs: number, units: number) => {
    params += inputs * units + units;
    activations += units;
  };
  const flat = io.inputShape.reduce((a, b) => a * b, 1);
  if (spec.kind === 'logistic') {
    dense(flat, io.numClasses);
  } else if (spec.kind === 'mlp') {
    let width = flat;
    for (const units of spec.hidden) {
      dense(width, units);
      width = units;
    }
    dense(width, io.numClasses);
  } else {
    let [h, w, c] = io.inputShape;
    for (const block of spec.blocks) {
      params += block.kernelSize * block.kernelSize * c * block.filters + block.filters;
      if (block.padding === 'valid') {
        h -= block.kernelSize - 1;
        w -= block.kernelSize - 1;
      }
      // the conv output (and its activation) before pooling
      activations += 2 * Math.max(0, h) * Math.max(0, w) * block.filters;
      if (block.pooling !== 'none') {
        h = Math.floor(h / block.poolSize);
        w = Math.floor(w / block.poolSize);
        activations += Math.max(0, h) * Math.max(0, w) * block.filters;
      }
      c = block.filters;
    }
    let width = Math.max(0, h) * Math.max(0, w) * c;
    for (const units of spec.dense) {
      dense(width, units);
      width = units;
    }
    dense(width, io.numClasses);
  }
  return { params, activationsPerRow: activations + flat };
}

function configNumber(config: Record<string, unknown> | null, key: string, fallback: number): number {
  const value = Number(config?.[key]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Bytes the method keeps beyond one model being trained. */
function methodBytes(run: RunShape, input: MemoryEstimateInput, params: number): number {
  const model = params * 4;
  const variant = run.variant.split(':')[0];
  if (variant === 'sisa') {
    const shards = configNumber(run.config, 'shards', 5);
    const slices = configNumber(run.config, 'slices', 4);
    // a checkpoint per shard and slice, and the shard models of the ensemble
    return shards * slices * model + shards * model;
  }
  if (variant === 'amnesiac') {
    // the updates summed per deletion request, and the update of the current batch with its before-copy
    return input.requests * model + 2 * model;
  }
  if (variant === 'certified') {
    // float64 Newton-CG state (a few vectors of the weights) and float64 margins per row and class
    return 8 * params * 8 + input.rows * input.io.numClasses * 8 * 2;
  }
  if (run.kind !== 'unlearned') return 0;
  switch (run.methodId) {
    case 'scrub':
      // a frozen teacher (the original) and its logits on a batch
      return model + input.batchSize * input.io.numClasses * 4 * 2;
    case 'fisher':
    case 'ssd':
      // importances on the forget and retain data (float64 sums), and the original's weights
      return 4 * params * 8 + model;
    case 'salun':
      // a saliency value and a mask per weight
      return 2 * model;
    default:
      // the original kept beside the model being changed
      return model;
  }
}

export function estimateRunMemory(run: RunShape, input: MemoryEstimateInput): MemoryEstimate {
  const { params, activationsPerRow } = modelSize(input.spec, input.io);
  const features = input.io.inputShape.reduce((a, b) => a * b, 1);
  // stored values + labels, row ids, group codes and the split (about 16 bytes a row)
  const stored = input.rows * (input.storedValuesPerRow * input.storedBytesPerValue + 16);
  const encoded = 2 * input.rows * features * 4;
  // a training batch's activations live through forward and backward (about 3 copies); an evaluation batch's once
  const model = 5 * params * 4 + (3 * input.batchSize + EVAL_BATCH) * activationsPerRow * 4;
  // logits, probabilities and losses per row, kept for the per-example results
  const evaluation = input.rows * (2 * input.io.numClasses + 4) * 4;
  const method = methodBytes(run, input, params);
  const parts = { thread: THREAD_BASE_BYTES, data: stored + encoded, model, evaluation, method };
  return { bytes: parts.thread + parts.data + parts.model + parts.evaluation + parts.method, parts };
}

/** The largest run of a study, and its estimate. */
export function studyPeakMemory<T extends RunShape>(runs: T[], input: MemoryEstimateInput): { run: T; estimate: MemoryEstimate } | null {
  let best: { run: T; estimate: MemoryEstimate } | null = null;
  for (const run of runs) {
    const estimate = estimateRunMemory(run, input);
    if (!best || estimate.bytes > best.estimate.bytes) best = { run, estimate };
  }
  return best;
}

/** The estimate's input from what a dataset version stores about itself (no arrays needed). */
export function memoryInputOf(
  version: { kind: string; rowCount: number; schema: unknown[]; stats: Record<string, unknown> },
  spec: ModelSpec,
  io: ModelIO,
  recipe: { batchSize?: unknown },
  extra: { rows?: number; requests: number },
): MemoryEstimateInput {
  const image = (version.stats as { image?: { width: number; height: number; channels: number } }).image;
  const features = (version.schema as Array<{ role?: string }>).filter((c) => c.role === 'feature').length;
  return {
    spec,
    io,
    rows: extra.rows ?? version.rowCount,
    storedValuesPerRow: version.kind === 'image' && image ? image.width * image.height * image.channels : Math.max(1, features),
    storedBytesPerValue: version.kind === 'image' ? 1 : 4,
    batchSize: Number(recipe.batchSize) || 64,
    requests: extra.requests,
  };
}
