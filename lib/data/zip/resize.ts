/**
 * Resizing interleaved 8-bit images. Shrinking uses area averaging (each output pixel is the
 * mean of the source area it covers, so thin strokes are not lost the way point sampling loses
 * them); enlarging uses bilinear interpolation. Separable: rows, then columns.
 */

interface Taps {
  index: Int32Array;
  weight: Float32Array;
  /** Taps per output position (fixed stride, zero-weight padding). */
  stride: number;
}

function axisTaps(source: number, target: number): Taps {
  const scale = source / target;
  if (scale >= 1) {
    const stride = Math.ceil(scale) + 1;
    const index = new Int32Array(target * stride);
    const weight = new Float32Array(target * stride);
    for (let j = 0; j < target; j++) {
      const from = j * scale;
      const to = from + scale;
      let k = 0;
      for (let s = Math.floor(from); s < Math.min(source, Math.ceil(to)); s++) {
        const overlap = Math.min(to, s + 1) - Math.max(from, s);
        if (overlap <= 0) continue;
        index[j * stride + k] = s;
        weight[j * stride + k] = overlap / scale;
        k++;
      }
    }
    return { index, weight, stride };
  }
  const index = new Int32Array(target * 2);
  const weight = new Float32Array(target * 2);
  for (let j = 0; j < target; j++) {
    const x = Math.min(source - 1, Math.max(0, (j + 0.5) * scale - 0.5));
    const left = Math.floor(x);
    const right = Math.min(source - 1, left + 1);
    const t = x - left;
    index[j * 2] = left;
    weight[j * 2] = 1 - t;
    index[j * 2 + 1] = right;
    weight[j * 2 + 1] = t;
  }
  return { index, weight, stride: 2 };
}

export function resizeImage(
  src: Uint8Array,
  height: number,
  width: number,
  channels: number,
  targetHeight: number,
  targetWidth: number,
): Uint8Array {
  if (height === targetHeight && width === targetWidth) return src;
  const xt = axisTaps(width, targetWidth);
  const yt = axisTaps(height, targetHeight);
  // Horizontal pass: height x targetWidth.
  const mid = new Float32Array(height * targetWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < targetWidth; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < xt.stride; k++) {
          const w = xt.weight[x * xt.stride + k];
          if (w !== 0) sum += w * src[(y * width + xt.index[x * xt.stride + k]) * channels + c];
        }
        mid[(y * targetWidth + x) * channels + c] = sum;
      }
    }
  }
  const out = new Uint8Array(targetHeight * targetWidth * channels);
  for (let y = 0; y < targetHeight; y++) {
    for (let x = 0; x < targetWidth; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < yt.stride; k++) {
          const w = yt.weight[y * yt.stride + k];
          if (w !== 0) sum += w * mid[(yt.index[y * yt.stride + k] * targetWidth + x) * channels + c];
        }
        out[(y * targetWidth + x) * channels + c] = Math.min(255, Math.max(0, Math.round(sum)));
      }
    }
  }
  return out;
}
