/**
 * Conv2DBackpropFilter, missing from the wasm backend (every conv layer fails to train).
 * The filter gradient is itself a convolution: with batch and channels swapped,
 *   dW[kh,kw,ci,co] = sum_{n,oh,ow} x[n, oh*s+kh-pad, ow*s+kw-pad, ci] * dy[n,oh,ow,co]
 * is a stride-1 conv of x^T ([Ci,H,W,N]) with dy^T ([OH,OW,N,Co]) dilated by the stride.
 * That runs on the XNNPACK conv instead of a scalar loop.
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, disposeInfo, heapView, runStockKernel, transposeInfo, input, type KernelArgs } from './wasm-kernel-utils';

export function conv2dBackpropFilterConfig(): tf.KernelConfig {
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilter };
}

function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = asWasm(args.backend);
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, inHeight: h, inWidth: w } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Bottom/right padding that makes the output exactly kh x kw; when negative the input has
  // rows no window reaches, the output comes out larger and the extra rows are dropped.
  const bottom = Math.max(0, kh - h - top + (oh - 1) * sh);
  const right = Math.max(0, kw - w - left + (ow - 1) * sw);

  const xT = transposeInfo(backend, x, [3, 1, 2, 0]);
  const dyT = transposeInfo(backend, dy, [1, 2, 0, 3]);
  let conv: tf.TensorInfo;
  try {
    conv = runStockKernel('Conv2D', backend, { x: xT, filter: dyT }, {
      strides: [1, 1],
      dilations: [sh, sw],
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dataFormat: 'NHWC',
    });
  } finally {
    disposeInfo(backend, xT);
    disposeInfo(backend, dyT);
  }
  // conv is [Ci, convH, convW, Co]; the filter gradient is [KH, KW, Ci, Co].
  const convH = conv.shape[1];
  const convW = conv.shape[2];
  const out = backend.makeOutput([kh, kw, ci, co], 'float32');
  const src = heapView(backend, conv);
  const dst = heapView(backend, out);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      for (let c = 0; c < ci; c++) {
        const from = ((c * convH + a) * convW + b) * co;
        dst.set(src.subarray(from, from + co), ((a * kw + b) * ci + c) * co);
      }
    }
  }
  disposeInfo(backend, conv);
  return out;
}
