/**
 * Summaries shown on a dataset version's page: computed once at ingest and stored with the
 * version, so dashboards never rescan the data. Column summaries describe the data as
 * uploaded (before missing values were filled), so `missing` counts are the real ones.
 */

import type { ColumnRole } from './types';

export interface HistogramBin {
  start: number;
  end: number;
  count: number;
}

export interface NumericSummary {
  name: string;
  type: 'numeric';
  role: ColumnRole;
  /** Present (non-missing) cells. */
  count: number;
  missing: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  histogram: HistogramBin[];
}

export interface CategoricalSummary {
  name: string;
  type: 'categorical';
  role: ColumnRole;
  count: number;
  missing: number;
  distinct: number;
  /** Most frequent values first, at most TOP_CATEGORIES. */
  top: { value: string; count: number }[];
}

export type ColumnSummary = NumericSummary | CategoricalSummary;

export interface SubjectStats {
  column: string;
  subjects: number;
  rowsPerSubject: { min: number; max: number; mean: number; median: number };
}

export interface GroupSizes {
  column: string;
  sizes: { value: string; count: number }[];
}

export interface ImageStats {
  height: number;
  width: number;
  channels: 1 | 3;
  pixelMean: number;
  pixelStd: number;
}

export interface DatasetStats {
  rows: number;
  trainRows: number;
  testRows: number;
  /** Rows removed by a `drop` missing-value policy. */
  droppedRows: number;
  classCounts: { name: string; count: number }[];
  columns: ColumnSummary[];
  subjects?: SubjectStats;
  groups: GroupSizes[];
  image?: ImageStats;
}

export const HISTOGRAM_BINS = 20;
export const TOP_CATEGORIES = 10;

/** NaN marks a missing value. Indexed loops: this runs over every cell of every column. */
export function summarizeNumeric(name: string, role: ColumnRole, values: Float32Array): NumericSummary {
  const n = values.length;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue; // NaN
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const missing = n - count;
  if (count === 0) return { name, type: 'numeric', role, count, missing, min: 0, max: 0, mean: 0, std: 0, histogram: [] };
  const mean = sum / count;
  const bins = max > min ? HISTOGRAM_BINS : 1;
  const width = (max - min) / bins;
  const scale = width > 0 ? 1 / width : 0;
  const counts = new Float64Array(bins);
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue;
    squares += (v - mean) * (v - mean);
    const b = Math.floor((v - min) * scale);
    counts[b < bins ? b : bins - 1]++;
  }
  const std = Math.sqrt(squares / count);
  const histogram = Array.from(counts, (c, b) => ({ start: min + b * width, end: b === bins - 1 ? max : min + (b + 1) * width, count: c }));
  return { name, type: 'numeric', role, count, missing, min, max, mean, std, histogram };
}

export function countCodes(codes: Int32Array, categoryCount: number): Int32Array {
  const counts = new Int32Array(categoryCount);
  for (const c of codes) if (c >= 0) counts[c]++;
  return counts;
}

/** Code -1 marks a missing value. */
export function summarizeCoded(name: string, role: ColumnRole, codes: Int32Array, names: string[]): CategoricalSummary {
  const counts = countCodes(codes, names.length);
  let count = 0;
  for (const c of counts) count += c;
  const top = names
    .map((value, code) => ({ value, count: counts[code], code }))
    .sort((a, b) => b.count - a.count || a.code - b.code)
    .slice(0, TOP_CATEGORIES)
    .map(({ value, count: n }) => ({ value, count: n }));
  return { name, type: 'categorical', role, count, missing: codes.length - count, distinct: names.length, top };
}

export function subjectStats(column: string, codes: Int32Array, subjectCount: number): SubjectStats {
  const perSubject = countCodes(codes, subjectCount).filter((n) => n > 0).sort();
  const n = perSubject.length;
  if (n === 0) return { column, subjects: 0, rowsPerSubject: { min: 0, max: 0, mean: 0, median: 0 } };
  let sum = 0;
  for (const c of perSubject) sum += c;
  const mid = n >> 1;
  const median = n % 2 === 1 ? perSubject[mid] : (perSubject[mid - 1] + perSubject[mid]) / 2;
  return { column, subjects: n, rowsPerSubject: { min: perSubject[0], max: perSubject[n - 1], mean: sum / n, median } };
}

export function groupSizes(column: string, codes: Int32Array, values: string[]): GroupSizes {
  const counts = countCodes(codes, values.length);
  return { column, sizes: values.map((value, code) => ({ value, count: counts[code] })) };
}

export function imageStats(pixels: Uint8Array, height: number, width: number, channels: 1 | 3): ImageStats {
  // Integer sums are exact; 2^53 covers any pixel count the limits allow.
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i];
    sum += p;
    squares += p * p;
  }
  const n = pixels.length || 1;
  const mean = sum / n;
  return { height, width, channels, pixelMean: mean, pixelStd: Math.sqrt(Math.max(0, squares / n - mean * mean)) };
}
