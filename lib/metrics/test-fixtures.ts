/**
 * Synthetic model outputs for the metrics tests (imported by *.test.ts only). Seeded, so every
 * test sees the same numbers on every machine.
 */
import { createRandom } from '../random';

/** Softmax of each row of a row-major n x k matrix, as float32 like the ML layer's outputs. */
export function softmaxRows(logits: ArrayLike<number>, numClasses: number): Float32Array {
  const n = logits.length / numClasses;
  const out = new Float32Array(logits.length);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < numClasses; j++) max = Math.max(max, logits[i * numClasses + j]);
    let sum = 0;
    for (let j = 0; j < numClasses; j++) sum += Math.exp(logits[i * numClasses + j] - max);
    for (let j = 0; j < numClasses; j++) out[i * numClasses + j] = Math.exp(logits[i * numClasses + j] - max) / sum;
  }
  return out;
}

/** Balanced labels 0, 1, ..., k−1, 0, 1, ... */
export function balancedLabels(n: number, numClasses: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i % numClasses);
}

/**
 * Outputs of a synthetic classifier: logits ~ N(0, noise²) plus `margin` on the true class.
 * margin 0 = a predictor that knows nothing; a large margin = a confident, accurate one.
 */
export function syntheticOutputs(
  labels: Int32Array,
  numClasses: number,
  margin: number,
  seed: number,
  noise = 1,
): Float32Array {
  const random = createRandom(seed);
  const logits = new Float64Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) {
    for (let j = 0; j < numClasses; j++) logits[i * numClasses + j] = noise * random.normal();
    logits[i * numClasses + labels[i]] += margin;
  }
  return softmaxRows(logits, numClasses);
}

/** n draws of N(mu, sd²). */
export function normalSample(n: number, mu: number, sd: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: n }, () => mu + sd * random.normal());
}

/** Every number reachable in a JSON-ready value, to check none is NaN or infinite. */
export function allNumbers(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allNumbers(v, out);
  else if (value !== null && typeof value === 'object') {
    if (ArrayBuffer.isView(value)) throw new Error('typed array found in a JSON-ready record');
    for (const v of Object.values(value)) allNumbers(v, out);
  }
  return out;
}
