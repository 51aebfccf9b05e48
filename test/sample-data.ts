/** The sample datasets shipped with the repository (db/seed-data), and a tiny synthetic one, for tests. */
import path from 'node:path';
import type { DatasetArrays } from '@/lib/data/types';

export const SAMPLE_DATA_DIR = path.resolve(import.meta.dirname, '../db/seed-data');

export function samplePath(file: 'iris.csv' | 'wine.csv' | 'breast_cancer.csv' | 'digits.csv'): string {
  return path.join(SAMPLE_DATA_DIR, file);
}

/**
 * A small tabular dataset with one numeric feature x cycling through −3..3 and the class
 * "high" exactly when x > 0; every row in the train split. For thread-pool tests.
 */
export function oneFeatureDataset(rows: number): DatasetArrays {
  const values = new Float32Array(rows).map((_, i) => (i % 7) - 3);
  const labels = new Int32Array(rows).map((_, i) => (i % 7 > 3 ? 1 : 0));
  return {
    kind: 'tabular',
    rowCount: rows,
    columns: [{ name: 'x', type: 'numeric', values }],
    labels,
    classNames: ['low', 'high'],
    groups: [],
    split: { train: new Int32Array(rows).map((_, i) => i), test: new Int32Array(0) },
  };
}
