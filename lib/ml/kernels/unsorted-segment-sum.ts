/**
 * UnsortedSegmentSum, missing from the wasm backend; it is the gradient of gather
 * (embeddings, gather-based losses). Rows whose segment id is out of range are dropped,
 * as in TensorFlow.
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, heapNumbers, input, type KernelArgs } from './wasm-kernel-utils';

export function unsortedSegmentSumConfig(): tf.KernelConfig {
  return { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSum };
}

function unsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const backend = asWasm(args.backend);
  const x = input(args, 'x');
  const segmentIds = input(args, 'segmentIds');
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  const rows = tf.util.sizeFromShape(segmentIds.shape);
  const inner = rows === 0 ? 0 : tf.util.sizeFromShape(x.shape) / rows;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = backend.makeOutput(outShape, x.dtype);
  const xv = heapNumbers(backend, x);
  const ids = heapNumbers(backend, segmentIds);
  const ov = heapNumbers(backend, out);
  ov.fill(0);
  for (let r = 0; r < rows; r++) {
    const s = ids[r];
    if (s < 0 || s >= numSegments) continue;
    const from = r * inner;
    const to = s * inner;
    for (let k = 0; k < inner; k++) ov[to + k] += xv[from + k];
  }
  return out;
}
