/**
 * Per-example quantities derived from softmax outputs: predicted class, cross-entropy loss,
 * confidence in the true class and output entropy. Every membership-inference attack and every
 * chart of the metrics layer is built on these.
 */

/**
 * Smallest probability used inside a logarithm of a loss. Keras and TensorFlow.js clip
 * probabilities to [1e-7, 1 - 1e-7] in categorical cross-entropy, so with the same floor the
 * per-example loss here equals the loss the ML layer trains and records (which relearn time
 * compares against). It also keeps a float32 probability that underflowed to 0 from turning a
 * mean loss into Infinity.
 */
export const LOSS_PROBABILITY_FLOOR = 1e-7;

/** Number of rows of a row-major n x k matrix, after checking the shape is consistent. */
export function rowCount(probabilities: Float32Array, numClasses: number): number {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`numClasses must be a positive integer, got ${numClasses}`);
  }
  if (probabilities.length % numClasses !== 0) {
    throw new Error(
      `probabilities has ${probabilities.length} values, not a multiple of ${numClasses} classes`,
    );
  }
  return probabilities.length / numClasses;
}

/** Checks that probabilities (n x k) and labels (n, each in [0, k)) belong together; returns n. */
export function checkOutputs(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
): number {
  const n = rowCount(probabilities, numClasses);
  if (labels.length !== n) {
    throw new Error(`${n} rows of probabilities but ${labels.length} labels`);
  }
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y < 0 || y >= numClasses) throw new Error(`label ${y} at row ${i} is outside [0, ${numClasses})`);
  }
  return n;
}

/**
 * Predicted class of every row: the argmax of its probabilities. Ties go to the lowest class
 * index, so a constant (uniform) output predicts class 0, deterministically.
 */
export function predictedClasses(probabilities: Float32Array, numClasses: number): Int32Array {
  const n = rowCount(probabilities, numClasses);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * numClasses;
    let best = 0;
    let bestValue = probabilities[base];
    for (let j = 1; j < numClasses; j++) {
      const v = probabilities[base + j];
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Probability each row gives its true class, p_y(x): the "confidence" of MIA papers. */
export function trueClassConfidences(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
): Float64Array {
  const n = checkOutputs(probabilities, labels, numClasses);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = probabilities[i * numClasses + labels[i]];
  return out;
}

/**
 * Per-example cross-entropy loss ℓ(x, y) = −ln p_y(x), with p_y clipped to
 * [LOSS_PROBABILITY_FLOOR, 1 − LOSS_PROBABILITY_FLOOR] as in Keras / TensorFlow.js.
 */
export function crossEntropyLosses(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
): Float64Array {
  const n = checkOutputs(probabilities, labels, numClasses);
  const out = new Float64Array(n);
  const hi = 1 - LOSS_PROBABILITY_FLOOR;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i * numClasses + labels[i]];
    out[i] = -Math.log(Math.min(hi, Math.max(LOSS_PROBABILITY_FLOOR, p)));
  }
  return out;
}

/**
 * Shannon entropy (natural log) of every output row, H(p) = −Σ_j p_j ln p_j, with 0 ln 0 = 0.
 * The feature of the SCRUB membership-inference attack (Kurmanji et al. 2023); it needs no
 * label, so it measures how sure the model is, not whether it is right.
 */
export function outputEntropies(probabilities: Float32Array, numClasses: number): Float64Array {
  const n = rowCount(probabilities, numClasses);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * numClasses;
    let h = 0;
    for (let j = 0; j < numClasses; j++) {
      const p = probabilities[base + j];
      if (p > 0) h -= p * Math.log(p);
    }
    out[i] = h;
  }
  return out;
}

/** Arithmetic mean of a non-empty array. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new Error('mean of an empty array is undefined');
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Rows `indices` of a row-major matrix with `width` columns, as a new Float32Array. */
export function selectRows(matrix: Float32Array, width: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * width);
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r] * width;
    out.set(matrix.subarray(from, from + width), r * width);
  }
  return out;
}
