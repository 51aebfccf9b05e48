/**
 * MaxPoolGrad. The stock wasm kernel starts the running max at the smallest positive float
 * instead of -Infinity, so in windows whose values are all <= 0 the gradient goes to the
 * wrong element (30-60% error in conv gradients without a ReLU before the pool). This one
 * routes each dy to the first maximum of its window, as the cpu backend does. (The default
 * loss's fused step does its own routing; this kernel serves custom losses' autodiff.)
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, heapView, input, type KernelArgs } from './wasm-kernel-utils';

export function maxPoolGradConfig(): tf.KernelConfig {
  return { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad };
}

function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const backend = asWasm(args.backend);
  const dy = input(args, 'dy');
  const x0 = input(args, 'input');
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    x0.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dx = backend.makeOutput(x0.shape, 'float32');
  const x = heapView(backend, x0);
  const g = heapView(backend, dy);
  const out = heapView(backend, dx);
  out.fill(0);
  for (let n = 0; n < batchSize; n++) {
    for (let r = 0; r < oh; r++) {
      const r0 = r * sh - top;
      const aFrom = Math.max(0, -r0);
      const aTo = Math.min(fh, h - r0);
      for (let q = 0; q < ow; q++) {
        const q0 = q * sw - left;
        const bFrom = Math.max(0, -q0);
        const bTo = Math.min(fw, w - q0);
        const dyBase = ((n * oh + r) * ow + q) * c;
        // channel outermost, window inside: the running maximum stays in locals instead of
        // per-channel arrays rewritten at every window cell (several times faster)
        for (let k = 0; k < c; k++) {
          let best = -Infinity;
          let at = -1;
          for (let a = aFrom; a < aTo; a++) {
            const rowBase = ((n * h + r0 + a) * w + q0) * c + k;
            for (let b = bFrom; b < bTo; b++) {
              const v = x[rowBase + b * c];
              // strict '>' from -Infinity keeps the first maximum, exactly like the cpu kernel
              if (v > best) {
                best = v;
                at = rowBase + b * c;
              }
            }
          }
          if (at >= 0) out[at] += g[dyBase + k];
        }
      }
    }
  }
  return dx;
}
