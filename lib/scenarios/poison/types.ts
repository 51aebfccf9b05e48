import type { DatasetArrays, FeatureColumn } from '@/lib/data/types';

/**
 * The test rows whose true label is not the backdoor target, with the trigger stamped on a
 * copy. Attack success = share of these classified as `targetLabel`.
 */
export interface TriggeredTestSet {
  /** Row ids (in the original dataset) of the copied test rows, sorted. */
  rows: Int32Array;
  /** Images: rows.length x height x width x channels, triggered. */
  pixels?: Uint8Array;
  /** Tabular: every feature column restricted to `rows`, in order, with the trigger applied. */
  columns?: FeatureColumn[];
  /** True labels of `rows`. */
  labels: Int32Array;
  targetLabel: number;
}

export interface PoisonInjection {
  /** Every poisoned training row, sorted. */
  rows: Int32Array;
  /** A copy of the input with the poison applied; unchanged arrays are shared, read-only. */
  dataset: DatasetArrays;
  triggeredTest?: TriggeredTestSet;
}
