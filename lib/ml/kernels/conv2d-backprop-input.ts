/**
 * Conv2DBackpropInput for stride 1 as a forward convolution of dy with the spatially
 * flipped, in/out-swapped filter, so it runs on XNNPACK rather than the stock kernel's
 * scalar loop. Strided cases keep the stock kernel (verified against cpu in the tests).
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, captureStockKernel, disposeInfo, heapView, runStockKernel, input, type KernelArgs } from './wasm-kernel-utils';

export function conv2dBackpropInputConfig(): tf.KernelConfig {
  const stock = captureStockKernel('Conv2DBackpropInput');
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    setupFunc: stock?.setupFunc,
    kernelFunc: conv2dBackpropInput,
  };
}

function conv2dBackpropInput(args: KernelArgs): tf.TensorInfo {
  const backend = asWasm(args.backend);
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  if (attrs.dataFormat === 'NCHW' || info.strideHeight !== 1 || info.strideWidth !== 1) {
    return runStockKernel('Conv2DBackpropInput', backend, args.inputs, args.attrs);
  }
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co, inHeight: h, inWidth: w } = info;
  const { outHeight: oh, outWidth: ow } = info;
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const bottom = h - oh + kh - 1 - top;
  const right = w - ow + kw - 1 - left;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) {
    return runStockKernel('Conv2DBackpropInput', backend, args.inputs, args.attrs);
  }
  // flipped[a,b,o,i] = filter[kh-1-a, kw-1-b, i, o]
  const flipped = backend.makeOutput([kh, kw, co, ci], 'float32');
  const src = heapView(backend, filter);
  const dst = heapView(backend, flipped);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const fromBase = ((kh - 1 - a) * kw + (kw - 1 - b)) * ci * co;
      const toBase = (a * kw + b) * co * ci;
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) dst[toBase + o * ci + i] = src[fromBase + i * co + o];
      }
    }
  }
  try {
    return runStockKernel('Conv2D', backend, { x: dy, filter: flipped }, {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dataFormat: 'NHWC',
    });
  } finally {
    disposeInfo(backend, flipped);
  }
}
