/**
 * An uploaded ONNX model (an external run's model, trained anywhere) run by ONNX Runtime on the
 * scenario package's arrays, giving the logits an upload of `logits_train` / `logits_test` would
 * have held. The model must read one float input shaped like the package's x arrays,
 * (batch, ...sample shape) with a dynamic batch dimension, and give (batch, classes) outputs
 * first. Problems come back as UploadedModelError sentences naming the input, output or shape.
 */
import type * as Ort from 'onnxruntime-node';
import { createOrtSession, loadOrt } from './ort-runtime';

export class UploadedModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadedModelError';
  }
}

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

/**
 * The model's first output on every row of each split, as float64 logits (rows x classes,
 * row-major). Runs block by block; the session is released before returning.
 */
export async function uploadedModelLogits(model: Uint8Array, sampleShape: readonly number[], numClasses: number, splits: Record<'train' | 'test', EncodedBlocks>): Promise<Record<'train' | 'test', Float64Array>> {
  const ort = await loadOrt();
  let session: Ort.InferenceSession;
  try {
    session = await createOrtSession(model, 1);
  } catch (err) {
    throw new UploadedModelError(`model.onnx could not be loaded by ONNX Runtime: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const input = checkInput(session, sampleShape);
    const output = session.outputNames[0];
    const out = {} as Record<'train' | 'test', Float64Array>;
    for (const name of ['train', 'test'] as const) {
      const split = splits[name];
      const logits = new Float64Array(split.rows * numClasses);
      let offset = 0;
      for (const block of split.blocks()) {
        let fetched: Ort.InferenceSession.OnnxValueMapType;
        try {
          fetched = await session.run({ [input]: new ort.Tensor('float32', block.matrix, [block.count, ...sampleShape]) }, [output]);
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
      }
      out[name] = logits;
    }
    return out;
  } finally {
    await session.release();
  }
}
