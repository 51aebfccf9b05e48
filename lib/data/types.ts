/**
 * The in-memory form of one immutable dataset version, as every pure layer sees it
 * (scenarios, ML, unlearning, metrics). Row ids are the 0-based row positions in this
 * version; they are stable because a version never changes.
 */

export type DatasetKind = 'tabular' | 'image';

export type ColumnType = 'numeric' | 'categorical';

/** What a source column is used for. `feature` columns feed the model. */
export type ColumnRole = 'feature' | 'label' | 'subject' | 'sensitive' | 'ignore';

/** What to do with an empty cell in a column. */
export type MissingPolicy = 'drop' | 'median' | 'mode' | 'error';

export interface ColumnSchema {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  missing: MissingPolicy;
}

export interface NumericColumn {
  name: string;
  type: 'numeric';
  values: Float32Array;
}

export interface CategoricalColumn {
  name: string;
  type: 'categorical';
  /** Category names, index = code. */
  categories: string[];
  codes: Int32Array;
}

export type FeatureColumn = NumericColumn | CategoricalColumn;

export interface ImageShape {
  height: number;
  width: number;
  channels: 1 | 3;
}

/** A coded string attribute per row (data subjects, sensitive groups). */
export interface CodedAttribute {
  name: string;
  /** Distinct values, index = code. */
  values: string[];
  codes: Int32Array;
}

export interface TrainTestSplit {
  /** Sorted ascending row ids. */
  train: Int32Array;
  test: Int32Array;
}

export interface DatasetArrays {
  kind: DatasetKind;
  rowCount: number;
  /** Tabular only: one entry per feature column, each of length rowCount. */
  columns: FeatureColumn[];
  /** Image only: rowCount x height x width x channels bytes, row-major (NHWC). */
  pixels?: Uint8Array;
  imageShape?: ImageShape;
  /** Class index per row. */
  labels: Int32Array;
  classNames: string[];
  /** Who each row belongs to, when the dataset has a subject column. */
  subjects?: CodedAttribute;
  /** Sensitive attributes carried to evaluation for per-group metrics. */
  groups: CodedAttribute[];
  split: TrainTestSplit;
}
