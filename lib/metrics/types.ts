/**
 * Shared shapes of the metrics layer.
 *
 * Conventions (the whole of `lib/metrics` follows them):
 * - probabilities: row-major Float32Array of n x k softmax outputs (row i = example i);
 * - labels: Int32Array of n class indices in [0, k);
 * - groups: Int32Array of n non-negative codes of one sensitive attribute;
 * - accuracies and rates are fractions in [0, 1];
 * - every result is a plain object of numbers, strings, booleans, null and arrays of them, so it
 *   survives `JSON.stringify` unchanged (no typed arrays, no NaN, no Infinity) and can be stored
 *   in Postgres as JSON and charted as is. A value that is undefined for the data at hand (the
 *   accuracy of a class with no example, say) is `null`, never NaN.
 */

/** The outputs of one model on one split: what the ML layer hands to the metrics layer. */
export interface SplitOutputs {
  /** n x k softmax outputs, row-major. */
  probabilities: Float32Array;
  /** n true labels. */
  labels: Int32Array;
  /** Sensitive attributes of the same n rows, for per-group metrics (optional). */
  groups?: GroupAttribute[];
}

/** One sensitive attribute of the rows of a split, coded as small non-negative integers. */
export interface GroupAttribute {
  name: string;
  /** n codes in [0, values.length) when `values` is given, else any non-negative integers. */
  codes: Int32Array;
  /** Display names, index = code (optional). */
  values?: string[];
}

/**
 * Flat model weights: one vector, or one vector per tensor (layer kernels, biases) in a fixed
 * order. Both models compared must list their tensors in the same order and sizes.
 */
export type FlatWeights = Float32Array | readonly Float32Array[];
