/**
 * BatchMatMul (and _FusedMatMul) with transposeA/transposeB. The stock wasm kernel runs a
 * scalar loop for transposed operands (~2 GFLOP/s) while the untransposed path uses
 * XNNPACK (~30 GFLOP/s); every dense backward pass is transposed. Materialising the
 * transpose costs one memory pass and makes the product take the fast path.
 */
import type * as tf from '@tensorflow/tfjs';
import { asWasm, captureStockKernel, disposeInfo, runStockKernel, transposeLastTwo, input, type KernelArgs } from './wasm-kernel-utils';

function untransposedMatMul(kernelName: string) {
  return (args: KernelArgs): tf.TensorInfo => {
    const backend = asWasm(args.backend);
    const attrs = args.attrs ?? {};
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    if (!transposeA && !transposeB && !(kernelName === '_FusedMatMul' && args.inputs.bias && Math.max(input(args, 'a').shape.length, input(args, 'b').shape.length) > 2)) {
      return runStockKernel(kernelName, backend, args.inputs, attrs);
    }
    const a = input(args, 'a');
    const b = input(args, 'b');
    if (kernelName === '_FusedMatMul' && args.inputs.bias && Math.max(a.shape.length, b.shape.length) > 2) {
      return unfusedBatchedMatMul(backend, args.inputs, attrs);
    }
    if (kernelName === 'BatchMatMul' && a.shape.length === 2 && b.shape.length === 2) {
      const viaSwap = swappedProduct(backend, a, b, transposeA, transposeB);
      if (viaSwap) return viaSwap;
    }
    const aFlat = transposeA ? transposeLastTwo(backend, a) : a;
    const bFlat = transposeB ? transposeLastTwo(backend, b) : b;
    try {
      return runStockKernel(kernelName, backend, { ...args.inputs, a: aFlat, b: bFlat }, {
        ...attrs,
        transposeA: false,
        transposeB: false,
      });
    } finally {
      if (transposeA) disposeInfo(backend, aFlat);
      if (transposeB) disposeInfo(backend, bFlat);
    }
  };
}

const ACTIVATION_KERNELS: Record<string, string> = { relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid' };

/**
 * The stock _FusedMatMul adds the bias wrongly past the first matrix of a batch (rank 3);
 * run those as matmul, bias add and activation kernels instead.
 */
function unfusedBatchedMatMul(backend: ReturnType<typeof asWasm>, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const a = inputs.a;
  const b = inputs.b;
  if (!a || !b) throw new Error('matmul inputs missing');
  const product = untransposedMatMul('BatchMatMul')({ inputs: { a, b }, backend, attrs: { transposeA: attrs.transposeA, transposeB: attrs.transposeB } });
  const bias = inputs.bias;
  if (!bias) throw new Error('fused matmul without bias');
  const withBias = runStockKernel('Add', backend, { a: product, b: bias });
  disposeInfo(backend, product);
  const activation = String(attrs.activation ?? 'linear');
  if (activation === 'linear') return withBias;
  let out: tf.TensorInfo;
  if (activation === 'leakyrelu') out = runStockKernel('LeakyRelu', backend, { x: withBias }, { alpha: attrs.leakyreluAlpha ?? 0.2 });
  else if (activation === 'prelu') {
    const alpha = inputs.preluActivationWeights;
    if (!alpha) throw new Error('prelu weights missing');
    out = runStockKernel('Prelu', backend, { x: withBias, alpha });
  }
  else if (ACTIVATION_KERNELS[activation]) out = runStockKernel(ACTIVATION_KERNELS[activation], backend, { x: withBias });
  else throw new Error(`unsupported fused activation ${activation}`);
  disposeInfo(backend, withBias);
  return out;
}

/**
 * op(A) op(B) = (op'(B) op'(A))^T: when the operand to transpose is large and the result
 * small (the dense weight gradient X^T dY, with X a whole mini-batch), transposing the
 * small operands and the result moves far less memory. Returns null when the direct
 * route is cheaper.
 */
function swappedProduct(
  backend: ReturnType<typeof asWasm>,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo | null {
  const m = transposeA ? a.shape[1] : a.shape[0];
  const n = transposeB ? b.shape[0] : b.shape[1];
  const direct = (transposeA ? a.shape[0] * a.shape[1] : 0) + (transposeB ? b.shape[0] * b.shape[1] : 0);
  // swapped: C^T = op(B)^T op(A)^T; B^T needs materialising unless transposeB, A^T unless transposeA
  const swapped = (transposeB ? 0 : b.shape[0] * b.shape[1]) + (transposeA ? 0 : a.shape[0] * a.shape[1]) + m * n;
  if (swapped >= direct) return null;
  const left = transposeB ? b : transposeLastTwo(backend, b);
  const right = transposeA ? a : transposeLastTwo(backend, a);
  let product: tf.TensorInfo;
  try {
    product = runStockKernel('BatchMatMul', backend, { a: left, b: right }, { transposeA: false, transposeB: false });
  } finally {
    if (!transposeB) disposeInfo(backend, left);
    if (!transposeA) disposeInfo(backend, right);
  }
  const flat = { ...product, shape: [n, m] };
  const result = transposeLastTwo(backend, flat);
  disposeInfo(backend, product);
  return { ...result, shape: [m, n] };
}

export function batchMatMulConfig(): tf.KernelConfig {
  const stock = captureStockKernel('BatchMatMul');
  return { kernelName: 'BatchMatMul', backendName: 'wasm', setupFunc: stock?.setupFunc, kernelFunc: untransposedMatMul('BatchMatMul') };
}

export function fusedMatMulConfig(): tf.KernelConfig {
  const stock = captureStockKernel('_FusedMatMul');
  return { kernelName: '_FusedMatMul', backendName: 'wasm', setupFunc: stock?.setupFunc, kernelFunc: untransposedMatMul('_FusedMatMul') };
}
