/**
 * Logits of one or more models (an ensemble's members) on rows of a TensorSet, computed by
 * ONNX Runtime from the exported graph. Rows are copied out of the backend one batch at a
 * time, so no second copy of a whole set is held.
 */
import type * as Ort from 'onnxruntime-node';
import { TrainingAbortedError } from '../errors';
import type { ModelSpec } from '../model-spec';
import { readRows, type TensorSet } from '../tensor-set';
import { exportLogitsModel, ONNX_INPUT, onnxMemberOutput, type ExportableModel, type GraphOutput } from './export-model';
import { nativeCall } from './native-guard';
import { createOrtSession, loadOrt } from './ort-runtime';

/** Floats of the largest activation a batch may hold (about 16 MB), which sets the batch size. */
const ACTIVATION_BUDGET = 4_000_000;

export class OrtLogits {
  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    readonly memberCount: number,
    readonly numClasses: number,
    readonly inputShape: number[],
    readonly batchSize: number,
  ) {}

  /** `output` 'probabilities' makes every array run() returns a softmax of the logits. */
  static async create(members: readonly ExportableModel[], threads: number, output: GraphOutput = 'logits'): Promise<OrtLogits> {
    const ort = await loadOrt();
    const session = await createOrtSession(exportLogitsModel(members, output), threads);
    const { io } = members[0];
    const perExample = Math.max(...members.map((m) => largestActivation(m.spec, m.io.inputShape)));
    const batchSize = Math.max(32, Math.min(8192, Math.floor(ACTIVATION_BUDGET / perExample)));
    return new OrtLogits(ort, session, members.length, io.numClasses, [...io.inputShape], batchSize);
  }

  /** Per-member logits, each row-major [count x classes], for `count` rows given as a flat array. */
  async run(inputs: Float32Array, count: number): Promise<Float32Array[]> {
    const feed = new this.ort.Tensor('float32', inputs, [count, ...this.inputShape]);
    const fetched = await nativeCall(() => this.session.run({ [ONNX_INPUT]: feed }));
    return Array.from({ length: this.memberCount }, (_, i) => fetched[onnxMemberOutput(i)].data as Float32Array);
  }

  /**
   * Calls `consume` with each batch's per-member logits over the whole set, in order.
   * The arrays are only valid during the call.
   */
  async forEachBatch(set: TensorSet, consume: (start: number, count: number, logits: Float32Array[]) => void, signal?: AbortSignal): Promise<void> {
    for (let start = 0; start < set.size; start += this.batchSize) {
      // between batches, never inside a native call
      if (signal?.aborted) throw new TrainingAbortedError('evaluation was cancelled');
      const count = Math.min(this.batchSize, set.size - start);
      // a view of the wasm heap: nothing allocates tensors between here and ORT reading it
      // (the run is the only work of this task until it returns)
      consume(start, count, await this.run(readRows(set, start, count), count));
    }
  }

  async release(): Promise<void> {
    await nativeCall(() => this.session.release());
  }
}

/** Floats one example occupies in the model's largest layer output. */
function largestActivation(spec: ModelSpec, inputShape: number[]): number {
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  if (spec.kind === 'logistic') return inputSize;
  if (spec.kind === 'mlp') return Math.max(inputSize, ...spec.hidden);
  let [h, w] = inputShape;
  let largest = inputSize;
  for (const block of spec.blocks) {
    if (block.padding === 'valid') {
      h -= block.kernelSize - 1;
      w -= block.kernelSize - 1;
    }
    // the NCHW copy of the input, the conv output and its activation live at once
    largest = Math.max(largest, 2 * h * w * block.filters);
    if (block.pooling !== 'none') {
      h = Math.floor(h / block.poolSize);
      w = Math.floor(w / block.poolSize);
    }
  }
  return Math.max(largest, ...spec.dense);
}
