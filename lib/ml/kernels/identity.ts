/**
 * Identity that shares the input's buffer (reference counted, like Reshape) instead of
 * copying it out of and back into the wasm heap. No wasm kernel writes into its inputs,
 * so sharing is safe; the cpu backend does the same.
 */
import type * as tf from '@tensorflow/tfjs';
import { asWasm, captureStockKernel, input, type KernelArgs } from './wasm-kernel-utils';

export function identityConfig(): tf.KernelConfig {
  const stock = captureStockKernel('Identity');
  return {
    kernelName: 'Identity',
    backendName: 'wasm',
    setupFunc: stock?.setupFunc,
    kernelFunc: (args: KernelArgs): tf.TensorInfo => {
      const x = input(args, 'x');
      asWasm(args.backend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}
