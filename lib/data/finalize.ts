/**
 * The steps every format shares once its arrays are decoded: class checks, the split, stats
 * and the content hash.
 */

import { DataError } from './errors';
import { hashDataset } from './hash';
import { DEFAULT_SPLIT_SEED, DEFAULT_TRAIN_FRACTION, stratifiedSplit, validateTrainFraction } from './split';
import { countCodes, groupSizes, imageStats, subjectStats, type ColumnSummary, type DatasetStats } from './stats';
import type { CodedAttribute, ColumnSchema, DatasetArrays, FeatureColumn, ImageShape, TrainTestSplit } from './types';

export interface SplitOptions {
  /** Fraction of each class that goes to train; default 0.8. */
  trainFraction?: number;
  /** Seed of the split's shuffle; default 0. */
  splitSeed?: number;
}

export interface IngestProgress {
  /** Source bytes consumed so far (compressed bytes for .gz). */
  bytes: number;
  /** Rows (or images) read so far. */
  rows: number;
}

export type ProgressCallback = (progress: IngestProgress) => void;

export type SourceInfo =
  | { format: 'csv'; delimiter: string; bytes: number }
  | { format: 'idx'; bytes: number; testPair: boolean }
  | { format: 'zip'; bytes: number; entries: number };

export interface IngestResult {
  dataset: DatasetArrays;
  /** Column schema as applied (every source column, in file order). Empty for images. */
  schema: ColumnSchema[];
  stats: DatasetStats;
  /** sha256 hex of the arrays and schema (see hash.ts). */
  hash: string;
  source: SourceInfo;
}

export interface FinalizeInput extends SplitOptions {
  kind: DatasetArrays['kind'];
  rowCount: number;
  columns: FeatureColumn[];
  pixels?: Uint8Array;
  imageShape?: ImageShape;
  labels: Int32Array;
  classNames: string[];
  /** Where labels come from, as a message starts: 'Label column "species"', 'The class folders'. */
  labelSource: string;
  /** The CSV label column, for error details. */
  labelColumn?: string;
  subjects?: CodedAttribute;
  groups: CodedAttribute[];
  columnSummaries: ColumnSummary[];
  droppedRows: number;
  /** A split given by the source (IDX test pair) instead of a random one. */
  presetSplit?: TrainTestSplit;
  schema: ColumnSchema[];
  source: SourceInfo;
}

/** Refuses labels a stratified split and per-class metrics cannot work with. */
export function checkClasses(labelSource: string, labelColumn: string | undefined, classNames: string[], counts: Int32Array): void {
  const present = classNames.filter((_, c) => counts[c] > 0);
  if (present.length < 2) {
    throw new DataError(
      'single_class',
      `${labelSource} has ${present.length === 0 ? 'no classes' : `only one class (${JSON.stringify(present[0])})`}; at least two classes are needed to train and evaluate a classifier.`,
      { column: labelColumn, found: present.length },
    );
  }
  const single = classNames.findIndex((_, c) => counts[c] === 1);
  if (single >= 0) {
    throw new DataError(
      'singleton_class',
      `Class ${JSON.stringify(classNames[single])} (${labelSource.charAt(0).toLowerCase()}${labelSource.slice(1)}) has a single row; every class needs at least two rows so it can appear in both the train and the test split.`,
      { column: labelColumn, className: classNames[single] },
    );
  }
}

export function finalizeDataset(input: FinalizeInput): IngestResult {
  const counts = countCodes(input.labels, input.classNames.length);
  checkClasses(input.labelSource, input.labelColumn, input.classNames, counts);
  const trainFraction = input.trainFraction ?? DEFAULT_TRAIN_FRACTION;
  validateTrainFraction(trainFraction);
  const split =
    input.presetSplit ?? stratifiedSplit(input.labels, input.classNames.length, trainFraction, input.splitSeed ?? DEFAULT_SPLIT_SEED);

  const dataset: DatasetArrays = {
    kind: input.kind,
    rowCount: input.rowCount,
    columns: input.columns,
    labels: input.labels,
    classNames: input.classNames,
    groups: input.groups,
    split,
  };
  if (input.pixels) dataset.pixels = input.pixels;
  if (input.imageShape) dataset.imageShape = input.imageShape;
  if (input.subjects) dataset.subjects = input.subjects;

  const stats: DatasetStats = {
    rows: input.rowCount,
    trainRows: split.train.length,
    testRows: split.test.length,
    droppedRows: input.droppedRows,
    classCounts: input.classNames.map((name, c) => ({ name, count: counts[c] })),
    columns: input.columnSummaries,
    groups: input.groups.map((g) => groupSizes(g.name, g.codes, g.values)),
  };
  if (input.subjects) stats.subjects = subjectStats(input.subjects.name, input.subjects.codes, input.subjects.values.length);
  if (input.pixels && input.imageShape) {
    const { height, width, channels } = input.imageShape;
    stats.image = imageStats(input.pixels, height, width, channels);
  }
  return { dataset, schema: input.schema, stats, hash: hashDataset(dataset, input.schema), source: input.source };
}
