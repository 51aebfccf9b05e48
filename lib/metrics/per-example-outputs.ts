/**
 * Per-example outputs of one model, kept so that metrics over many models (U-LiRA, KLoM,
 * forget quality) can be computed after the runs finish, and so a reviewer can re-score the
 * study with outside tools (the per-example export).
 *
 * For every forget row and for a fixed sample of retain and test rows (at most
 * PER_EXAMPLE_SAMPLE_SIZE each), with the dataset row ids:
 * - φ, the logit-scaled confidence log p_y − log Σ_{j≠y} p_j (LiRA, U-LiRA, forget quality);
 * - the margin log p_y − max_{j≠y} log p_j (KLoM). For a single model this equals the logit
 *   margin z_y − max_{j≠y} z_j exactly, since the softmax normaliser cancels; for an ensemble
 *   (SISA) it is the margin of the averaged probabilities. Both use p + 1e-45 inside the
 *   logarithms, as the challenge's φ does, so an underflowed probability gives a large finite
 *   value (about ±103.6) rather than ±∞.
 * Values are float32 (compact: 8 bytes per example and model).
 *
 * The sample must be the same rows for every model of a study (all seeds, all methods), or
 * cross-model metrics would compare different examples: it is drawn with a FIXED seed from the
 * split's row ids, which are the same for every run of a deletion request.
 */
import { createRandom, sampleWithoutReplacement } from '../random';
import { checkOutputs } from './per-example';

export const PER_EXAMPLE_SAMPLE_SIZE = 1000;
/** Seed of the retain / test sample: a constant, so every run of a request samples the same rows. */
export const PER_EXAMPLE_SAMPLE_SEED = 0x1e7e;
export const PER_EXAMPLE_FORMAT = 'lethe.per-example-outputs.v1';
const LOG_FLOOR = 1e-45;

export type PerExampleSplitName = 'forget' | 'retain' | 'test';

export interface PerExampleSplitOutputs {
  /** Dataset row ids, ascending. */
  rowIds: Int32Array;
  labels: Int32Array;
  /** Logit-scaled confidence φ per row. */
  phi: Float32Array;
  /** Margin log p_y − max_{j≠y} log p_j per row. */
  margin: Float32Array;
  /** Rows of the whole split (the sample holds rowIds.length of them). */
  splitSize: number;
}

export interface PerExampleOutputs {
  format: typeof PER_EXAMPLE_FORMAT;
  numClasses: number;
  sampleSeed: number;
  splits: Record<PerExampleSplitName, PerExampleSplitOutputs>;
}

/**
 * Positions (into `rowIds`) of the rows kept for a split: all of them for the forget set or a
 * split no larger than the cap, else a seeded sample; ascending, so row ids stay ascending
 * when `rowIds` is.
 */
export function perExampleSample(rowIds: Int32Array, split: PerExampleSplitName, cap = PER_EXAMPLE_SAMPLE_SIZE): Int32Array {
  if (split === 'forget' || rowIds.length <= cap) return Int32Array.from({ length: rowIds.length }, (_, i) => i);
  return sampleWithoutReplacement(rowIds.length, cap, createRandom(PER_EXAMPLE_SAMPLE_SEED).fork(`per-example-${split}`));
}

/** φ and margin of every row of a row-major n x k probability matrix. */
export function confidenceAndMargin(probabilities: Float32Array, labels: Int32Array, numClasses: number): { phi: Float32Array; margin: Float32Array } {
  const n = checkOutputs(probabilities, labels, numClasses);
  if (numClasses < 2) throw new Error('margins need at least 2 classes');
  const phi = new Float32Array(n), margin = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * numClasses, y = labels[i];
    let wrong = 0, bestWrong = 0;
    for (let j = 0; j < numClasses; j++) {
      if (j === y) continue;
      const p = probabilities[base + j];
      wrong += p;
      if (p > bestWrong) bestWrong = p;
    }
    const logCorrect = Math.log(probabilities[base + y] + LOG_FLOOR);
    phi[i] = logCorrect - Math.log(wrong + LOG_FLOOR);
    margin[i] = logCorrect - Math.log(bestWrong + LOG_FLOOR);
  }
  return { phi, margin };
}

/** One split's record from the outputs on its sampled rows (in the order of `rowIds`). */
export function splitOutputs(
  rowIds: Int32Array,
  labels: Int32Array,
  probabilities: Float32Array,
  numClasses: number,
  splitSize: number,
): PerExampleSplitOutputs {
  const { phi, margin } = confidenceAndMargin(probabilities, labels, numClasses);
  return { rowIds, labels, phi, margin, splitSize };
}

/**
 * The record from full-split outputs: keeps every forget row and the fixed sample of retain
 * and test rows. `rowIds` are the dataset row ids of each split's rows, in output order.
 */
export function perExampleOutputsFromSplits(
  numClasses: number,
  splits: Record<PerExampleSplitName, { rowIds: Int32Array; labels: Int32Array; probabilities: Float32Array }>,
): PerExampleOutputs {
  const one = (name: PerExampleSplitName): PerExampleSplitOutputs => {
    const s = splits[name];
    const keep = perExampleSample(s.rowIds, name);
    const probabilities = new Float32Array(keep.length * numClasses);
    keep.forEach((p, i) => probabilities.set(s.probabilities.subarray(p * numClasses, (p + 1) * numClasses), i * numClasses));
    return splitOutputs(Int32Array.from(keep, (p) => s.rowIds[p]), Int32Array.from(keep, (p) => s.labels[p]), probabilities, numClasses, s.rowIds.length);
  };
  return { format: PER_EXAMPLE_FORMAT, numClasses, sampleSeed: PER_EXAMPLE_SAMPLE_SEED, splits: { forget: one('forget'), retain: one('retain'), test: one('test') } };
}
