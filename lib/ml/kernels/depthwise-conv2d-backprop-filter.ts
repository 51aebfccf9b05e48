/**
 * DepthwiseConv2dNativeBackpropFilter, missing from the wasm backend. Depthwise convs are
 * small (one filter per channel), so a direct loop over the heap is fast enough.
 *   dW[a,b,c,m] = sum_{n,r,q} x[n, r*sh - top + a*dh, q*sw - left + b*dw, c] * dy[n,r,q,c*M+m]
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, heapView, input, type KernelArgs } from './wasm-kernel-utils';

export function depthwiseConv2dBackpropFilterConfig(): tf.KernelConfig {
  return { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'wasm', kernelFunc: backpropFilter };
}

function backpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = asWasm(args.backend);
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad,
    attrs.dimRoundingMode, true,
  );
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: co } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const m = co / c;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const out = backend.makeOutput(attrs.filterShape, 'float32');
  const xv = heapView(backend, x);
  const gv = heapView(backend, dy);
  const dW = heapView(backend, out);
  dW.fill(0);
  for (let n = 0; n < batchSize; n++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        const gBase = ((n * oh + r) * ow + q) * co;
        for (let a = 0; a < fh; a++) {
          const row = r * sh - top + a * dh;
          if (row < 0 || row >= h) continue;
          for (let b = 0; b < fw; b++) {
            const col = q * sw - left + b * dw;
            if (col < 0 || col >= w) continue;
            const xBase = ((n * h + row) * w + col) * c;
            const wBase = (a * fw + b) * c * m;
            for (let k = 0; k < c; k++) {
              const xk = xv[xBase + k];
              for (let j = 0; j < m; j++) dW[wBase + k * m + j] += xk * gv[gBase + k * m + j];
            }
          }
        }
      }
    }
  }
  return out;
}
