/**
 * Scoring of an external run from its logits on the scenario package's arrays: the softmax of
 * the logits split into forget / retain / test by the package's positions, scored by
 * evaluateModel exactly as a built-in run (against the uploaded retrain's logits, when given),
 * plus the per-example outputs the study summary reads. Pure: it runs in an ML pool lane.
 */
import type { DatasetArrays } from '../data/types';
import { evaluateModel, type ModelMetricsRecord } from './evaluate-model';
import { perExampleOutputsFromSplits, type PerExampleOutputs } from './per-example-outputs';
import type { GroupAttribute, SplitOutputs } from './types';
import { softmaxRows } from './uploaded-logits';

/** What each row of the package's arrays is: row ids of the dataset, and positions inside x_train. */
export interface PackageRowSets {
  train: Int32Array;
  test: Int32Array;
  forget: Int32Array;
  retain: Int32Array;
  /** Positions of the forget / retain rows inside the training arrays (x_train order). */
  forgetPositions: Int32Array;
  retainPositions: Int32Array;
}

/** Logits on x_train and x_test as float64, rows x classes row-major. */
export interface PackageLogits {
  train: Float64Array;
  test: Float64Array;
}

export interface ScoreUploadedInput {
  data: DatasetArrays;
  rows: PackageRowSets;
  logits: PackageLogits;
  /** The reference retrain's logits (an unlearned run's), scored against. */
  reference?: PackageLogits;
  /** A random model of the run's spec on the forget rows (class probabilities): ZRF, when the spec is known. */
  randomModelForget?: Float32Array;
  seed: number;
  timing?: { seconds: number; retrainSeconds?: number };
}

export interface ScoredUpload {
  metrics: Omit<ModelMetricsRecord, 'perExample'>;
  perExample: ModelMetricsRecord['perExample'];
  outputs: PerExampleOutputs;
}

function groupsOf(data: DatasetArrays, rows: Int32Array): GroupAttribute[] | undefined {
  return data.groups.length ? data.groups.map((g) => ({ name: g.name, values: g.values, codes: Int32Array.from(rows, (r) => g.codes[r]) })) : undefined;
}

function splitsOf(data: DatasetArrays, rows: PackageRowSets, logits: PackageLogits): Record<'forget' | 'retain' | 'test', SplitOutputs> {
  const k = data.classNames.length;
  const labels = (ids: Int32Array) => Int32Array.from(ids, (r) => data.labels[r]);
  const testPositions = Int32Array.from({ length: rows.test.length }, (_, i) => i);
  return {
    forget: { probabilities: softmaxRows(logits.train, k, rows.forgetPositions), labels: labels(rows.forget), groups: groupsOf(data, rows.forget) },
    retain: { probabilities: softmaxRows(logits.train, k, rows.retainPositions), labels: labels(rows.retain), groups: groupsOf(data, rows.retain) },
    test: { probabilities: softmaxRows(logits.test, k, testPositions), labels: labels(rows.test), groups: groupsOf(data, rows.test) },
  };
}

export function scoreUploadedLogits(input: ScoreUploadedInput): ScoredUpload {
  const { data, rows } = input;
  const numClasses = data.classNames.length;
  const splits = splitsOf(data, rows, input.logits);
  const ref = input.reference ? splitsOf(data, rows, input.reference) : undefined;
  const { perExample, ...metrics } = evaluateModel({
    numClasses,
    ...splits,
    seed: input.seed,
    reference: ref ? { forget: ref.forget.probabilities, retain: ref.retain.probabilities, test: ref.test.probabilities } : undefined,
    randomModelForget: input.randomModelForget,
    timing: input.timing,
    classNames: data.classNames,
  });
  const outputs = perExampleOutputsFromSplits(numClasses, {
    forget: { rowIds: rows.forget, labels: splits.forget.labels, probabilities: splits.forget.probabilities },
    retain: { rowIds: rows.retain, labels: splits.retain.labels, probabilities: splits.retain.probabilities },
    test: { rowIds: rows.test, labels: splits.test.labels, probabilities: splits.test.probabilities },
  });
  return { metrics, perExample, outputs };
}
