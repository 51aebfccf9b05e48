/**
 * MaxPoolGrad. The stock wasm kernel starts the running max at the smallest positive float
 * instead of -Infinity, so in windows whose values are all <= 0 the gradient goes to the
 * wrong element (30-60% error in conv gradients without a ReLU before the pool). This one
 * routes each dy to the first maximum of its window, as the cpu backend does.
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
  const best = new Float32Array(c);
  const bestAt = new Int32Array(c);
  for (let n = 0; n < batchSize; n++) {
    for (let r = 0; r < oh; r++) {
      const r0 = r * sh - top;
      for (let q = 0; q < ow; q++) {
        const q0 = q * sw - left;
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let a = Math.max(0, -r0); a < fh && r0 + a < h; a++) {
          for (let b = Math.max(0, -q0); b < fw && q0 + b < w; b++) {
            const base = ((n * h + r0 + a) * w + q0 + b) * c;
            for (let k = 0; k < c; k++) {
              const v = x[base + k];
              // strict '>' from -Infinity keeps the first maximum, exactly like the cpu kernel
              if (v > best[k]) {
                best[k] = v;
                bestAt[k] = base + k;
              }
            }
          }
        }
        const dyBase = ((n * oh + r) * ow + q) * c;
        for (let k = 0; k < c; k++) if (bestAt[k] >= 0) out[bestAt[k]] += g[dyBase + k];
      }
    }
  }
  return dx;
}
