/** Helpers shared by lib/ml tests (not used by production code). */
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../random';
import { initMlBackend } from './backend';

/** Initialises wasm (with the kernel fixes) once; the cpu backend is always registered. */
export async function withBothBackends(): Promise<void> {
  await initMlBackend({ force: 'wasm' });
}

/** Runs `f` with the given backend active, returning plain arrays so results outlive the switch. */
export async function onBackend<T>(name: 'cpu' | 'wasm', f: () => T): Promise<T> {
  await tf.setBackend(name);
  return f();
}

export function randomArray(size: number, seed: number, scale = 1): Float32Array {
  const random = createRandom(seed);
  const out = new Float32Array(size);
  // signed values: all-negative pooling windows and negative conv inputs must be covered
  for (let i = 0; i < size; i++) out[i] = (random.next() * 2 - 1) * scale;
  return out;
}

/** max |a - b| / max |b|: the kernel tests fail above 1e-4. */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** A tiny random classification set: `rows` examples of the given input shape. */
export function tinyData(rows: number, inputShape: number[], numClasses: number, seed: number) {
  const width = inputShape.reduce((a, b) => a * b, 1);
  const matrix = randomArray(rows * width, seed);
  const random = createRandom(seed + 1);
  const labels = new Int32Array(rows).map(() => random.int(numClasses));
  const rowIds = new Int32Array(rows).map((_, i) => i);
  return { matrix, labels, rowIds, inputShape };
}
