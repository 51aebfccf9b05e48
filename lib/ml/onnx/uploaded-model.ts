/**
 * An uploaded ONNX model (an external run's model, trained anywhere) run by ONNX Runtime on the
 * scenario package's arrays, giving the logits an upload of `logits_train` / `logits_test` would
 * have held. The model must read one float input shaped like the package's x arrays,
 * (batch, ...sample shape) with a dynamic batch dimension, and give (batch, classes) outputs
 * first. Problems come back as UploadedModelError sentences naming the input, output or shape.
 *
 * Memory: ONNX Runtime allocates a model's weights and intermediate tensors natively, where no
 * JavaScript measure sees them. With a `memory` limit, the resident memory the process gained
 * during each native call (session creation, each block's run; ORT's arena keeps what a run
 * took until the session is released) is added to what the caller says it holds, and past the
 * limit the model is stopped with an UploadedModelMemoryError before its next block.
 */
import type * as Ort from 'onnxruntime-node';
import type { DatasetArrays } from '../../data/types';
import { computeEncodingStats, encodeInputs, type EncodingStats } from '../encode-inputs';
import { nativeCall } from './native-guard';
import { createOrtSession, loadOrt } from './ort-runtime';

export class UploadedModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadedModelError';
  }
}

/** The model held more than its memory limit while it ran. */
export class UploadedModelMemoryError extends Error {
  readonly neededMb: number;
  readonly limitMb: number;
  constructor(neededMb: number, limitMb: number) {
    super(`model.onnx needs ~${neededMb} MB, the limit is ${limitMb} MB`);
    this.name = 'UploadedModelMemoryError';
    this.neededMb = neededMb;
    this.limitMb = limitMb;
  }
}

export interface UploadedModelMemory {
  limitMb: number;
  /** Bytes the caller holds besides ONNX Runtime's native memory (its heap and typed arrays). */
  heldBytes(): number;
}

const MB = 1024 * 1024;

/** Rows of one split, encoded as the package's x array, in blocks (never the whole matrix). */
export interface EncodedBlocks {
  rows: number;
  blocks: () => Iterable<{ matrix: Float32Array; count: number }>;
}

function shapeText(dims: readonly (number | string)[]): string {
  return `(${dims.map((d) => (typeof d === 'number' && d >= 0 ? String(d) : 'batch')).join(', ')})`;
}

/** Checks the model's declared input against (batch, ...sampleShape). */
function checkInput(session: Ort.InferenceSession, sampleShape: readonly number[]): string {
  if (session.inputNames.length !== 1) throw new UploadedModelError(`model.onnx has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}); it must have one: the package's x, shaped ${shapeText(['batch', ...sampleShape])}.`);
  const meta = session.inputMetadata[0];
  if (meta.isTensor) {
    const expected = shapeText(['batch', ...sampleShape]);
    if (meta.type !== 'float32') throw new UploadedModelError(`model.onnx input "${meta.name}" is ${meta.type}; it must be float32 (the package's x arrays), shaped ${expected}.`);
    const dims = meta.shape;
    // Symbolic dimensions come back as names, unknown ones as -1: both accept any size.
    const free = (d: number | string) => typeof d === 'string' || d < 0;
    const batchDynamic = dims.length > 0 && free(dims[0]);
    const restFits = dims.length === sampleShape.length + 1 && sampleShape.every((d, i) => free(dims[i + 1]) || dims[i + 1] === d);
    if (!batchDynamic || !restFits) throw new UploadedModelError(`model.onnx input "${meta.name}" is shaped ${shapeText(dims)}; it must be ${expected} with a dynamic batch dimension.`);
  }
  return session.inputNames[0];
}

const ENCODE_BLOCK_ROWS = 256;

/** `rows` of `data` encoded with `stats` (the package's encoding), block by block. */
export function encodedBlocks(data: DatasetArrays, rows: Int32Array, stats: EncodingStats): EncodedBlocks {
  return {
    rows: rows.length,
    blocks: function* () {
      for (let start = 0; start < rows.length; start += ENCODE_BLOCK_ROWS) {
        const slice = rows.subarray(start, Math.min(rows.length, start + ENCODE_BLOCK_ROWS));
        yield { matrix: encodeInputs(data, slice, stats).matrix, count: slice.length };
      }
    },
  };
}

/** The package's x_train and x_test rows of `data`, encoded as the package encodes them (statistics of x_train), block by block. */
export function packageBlocks(data: DatasetArrays, train: Int32Array, test: Int32Array): { sampleShape: number[]; stats: EncodingStats; splits: Record<'train' | 'test', EncodedBlocks> } {
  const stats = computeEncodingStats(data, train);
  const sampleShape = stats.kind === 'image' ? [stats.height, stats.width, stats.channels] : [stats.width];
  return { sampleShape, stats, splits: { train: encodedBlocks(data, train, stats), test: encodedBlocks(data, test, stats) } };
}

/** Counts the resident memory gained during native calls and stops the model past the limit. */
function nativeMeter(memory: UploadedModelMemory | undefined) {
  let nativeBytes = 0;
  return {
    async measure<T>(call: () => Promise<T>): Promise<T> {
      const before = process.memoryUsage.rss();
      try {
        return await nativeCall(call);
      } finally {
        nativeBytes += Math.max(0, process.memoryUsage.rss() - before);
      }
    },
    check(): void {
      if (!memory) return;
      const held = memory.heldBytes() + nativeBytes;
      if (held > memory.limitMb * MB) throw new UploadedModelMemoryError(Math.ceil(held / MB), memory.limitMb);
    },
  };
}

/**
 * The model's first output on every row of each split, as float64 logits (rows x classes,
 * row-major). Runs block by block; the session is released before returning.
 */
export async function uploadedModelLogits(
  model: Uint8Array,
  sampleShape: readonly number[],
  numClasses: number,
  splits: Record<'train' | 'test', EncodedBlocks>,
  options: { threads?: number; memory?: UploadedModelMemory; signal?: AbortSignal } = {},
): Promise<Record<'train' | 'test', Float64Array>> {
  const ort = await loadOrt();
  const meter = nativeMeter(options.memory);
  let session: Ort.InferenceSession;
  try {
    session = await meter.measure(() => createOrtSession(model, options.threads ?? 1));
  } catch (err) {
    throw new UploadedModelError(`model.onnx could not be loaded by ONNX Runtime: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    meter.check();
    const input = checkInput(session, sampleShape);
    const output = session.outputNames[0];
    const out = {} as Record<'train' | 'test', Float64Array>;
    for (const name of ['train', 'test'] as const) {
      const split = splits[name];
      const logits = new Float64Array(split.rows * numClasses);
      let offset = 0;
      for (const block of split.blocks()) {
        // between blocks, never inside a native call
        options.signal?.throwIfAborted();
        let fetched: Ort.InferenceSession.OnnxValueMapType;
        try {
          fetched = await meter.measure(() => session.run({ [input]: new ort.Tensor('float32', block.matrix, [block.count, ...sampleShape]) }, [output]));
        } catch (err) {
          throw new UploadedModelError(`model.onnx failed on x_${name} rows ${offset}–${offset + block.count - 1}: ${err instanceof Error ? err.message : String(err)}`);
        }
        const tensor = fetched[output] as Ort.Tensor;
        if (tensor.dims.length !== 2 || tensor.dims[0] !== block.count || tensor.dims[1] !== numClasses) {
          throw new UploadedModelError(`model.onnx output "${output}" is shaped ${shapeText(tensor.dims)} for ${block.count} rows of x_${name}; it must be (rows, ${numClasses}): one logit per class.`);
        }
        if (tensor.type !== 'float32' && tensor.type !== 'float64') throw new UploadedModelError(`model.onnx output "${output}" is ${tensor.type}; it must be float32 or float64 logits.`);
        logits.set(tensor.data as Float32Array | Float64Array, offset * numClasses);
        offset += block.count;
        meter.check();
      }
      out[name] = logits;
    }
    return out;
  } finally {
    await nativeCall(() => session.release());
  }
}
