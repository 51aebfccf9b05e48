/**
 * Helpers shared by the wasm kernel fixes. The fixes work at the backend level (TensorInfo,
 * heap views, other wasm kernels) rather than with tf ops, so a kernel that runs inside a
 * recorded forward pass never adds nodes of its own to the gradient tape.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };

/** The arguments tfjs hands every kernel function. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: object;
  attrs?: tf.NamedAttrMap;
}

export function asWasm(backend: object): BackendWasm {
  return backend as BackendWasm;
}

/** A live Float32Array view of a tensor inside the wasm heap. Invalidated by any later
 * allocation (the heap may grow), so take views after creating every output. */
export function heapView(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Int32 or float view, for index inputs (segment ids) that may arrive as either dtype. */
export function heapNumbers(backend: BackendWasm, info: tf.TensorInfo): Float32Array | Int32Array {
  const view = backend.typedArrayFromHeap(info);
  if (view instanceof Uint8Array) throw new Error(`unexpected bool tensor in kernel`);
  return view;
}

export function disposeInfo(backend: BackendWasm, info: tf.TensorInfo): void {
  backend.disposeData(info.dataId);
}

/**
 * The stock wasm kernel functions, captured before any fix replaces them, so a fix can
 * delegate (e.g. to the fast untransposed BatchMatMul) without calling itself.
 */
const stockKernels = new Map<string, tf.KernelConfig>();

export function captureStockKernel(name: string): tf.KernelConfig | undefined {
  if (!stockKernels.has(name)) {
    const config = tf.getKernel(name, 'wasm');
    if (config) stockKernels.set(name, { ...config });
  }
  return stockKernels.get(name);
}

export function runStockKernel(
  name: string,
  backend: BackendWasm,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = captureStockKernel(name);
  if (!config) throw new Error(`wasm backend has no kernel ${name}`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`kernel ${name} returned several outputs`);
  return out;
}

export function transposeInfo(backend: BackendWasm, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return runStockKernel('Transpose', backend, { x }, { perm });
}

/** Swaps the last two axes (rank >= 2) into a new contiguous tensor. */
export function transposeLastTwo(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transposeInfo(backend, x, perm);
}

export function pair(value: number | [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : value;
}

/** A named kernel input that must be present. */
export function input(args: KernelArgs, name: string): tf.TensorInfo {
  const info = args.inputs[name];
  if (!info) throw new Error(`kernel input '${name}' is missing`);
  return info;
}
