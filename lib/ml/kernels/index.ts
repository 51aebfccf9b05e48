/**
 * The wasm kernel fixes that training needs (see docs in each file). Registered once,
 * before the wasm backend initialises, so replaced kernels keep their setup functions.
 */
import * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig, fusedMatMulConfig } from './batch-mat-mul';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input';
import { gatherV2Config } from './gather-v2';
import { identityConfig } from './identity';
import { maxPoolGradConfig } from './max-pool-grad';
import { sliceConfig } from './slice';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';
import { captureStockKernel } from './wasm-kernel-utils';

let registered: string[] | null = null;

/** Registers every fix for backendName 'wasm'; idempotent. Returns the kernel names. */
export function registerWasmKernelFixes(): string[] {
  if (registered) return registered;
  const configs = [
    batchMatMulConfig(),
    fusedMatMulConfig(),
    conv2dBackpropFilterConfig(),
    conv2dBackpropInputConfig(),
    depthwiseConv2dBackpropFilterConfig(),
    depthwiseConv2dBackpropInputConfig(),
    maxPoolGradConfig(),
    unsortedSegmentSumConfig(),
    sliceConfig(),
    gatherV2Config(),
    identityConfig(),
  ];
  for (const config of configs) {
    captureStockKernel(config.kernelName);
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  registered = configs.map((c) => c.kernelName);
  return registered;
}
