/** The sample datasets shipped with the repository (db/seed-data), for tests. */
import path from 'node:path';

export const SAMPLE_DATA_DIR = path.resolve(import.meta.dirname, '../db/seed-data');

export function samplePath(file: 'iris.csv' | 'wine.csv' | 'breast_cancer.csv' | 'digits.csv'): string {
  return path.join(SAMPLE_DATA_DIR, file);
}
