/**
 * DepthwiseConv2dNativeBackpropInput, missing from the wasm backend: scatters each output
 * gradient back through its window, one filter per channel.
 *   dx[n, r*sh - top + a*dh, q*sw - left + b*dw, c] += W[a,b,c,m] * dy[n,r,q,c*M+m]
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, heapView, input, type KernelArgs } from './wasm-kernel-utils';

export function depthwiseConv2dBackpropInputConfig(): tf.KernelConfig {
  return { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'wasm', kernelFunc: backpropInput };
}

function backpropInput(args: KernelArgs): tf.TensorInfo {
  const backend = asWasm(args.backend);
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, attrs.dilations, attrs.pad,
    attrs.dimRoundingMode, true,
  );
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: co } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const m = co / c;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const out = backend.makeOutput(attrs.inputShape, 'float32');
  const wv = heapView(backend, filter);
  const gv = heapView(backend, dy);
  const dx = heapView(backend, out);
  dx.fill(0);
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
              let sum = 0;
              for (let j = 0; j < m; j++) sum += wv[wBase + k * m + j] * gv[gBase + k * m + j];
              dx[xBase + k] += sum;
            }
          }
        }
      }
    }
  }
  return out;
}
