/**
 * Row sets as byte masks over all rows of a dataset (1 = in the set). Masks make and/or/not
 * trivial and cost one byte per row; the final sets are turned into sorted Int32Arrays.
 */
import type { DatasetArrays } from '@/lib/data/types';

export type RowMask = Uint8Array;

/** 1 for every training row. Selectors never reach outside this mask. */
export function trainingMask(ds: DatasetArrays): RowMask {
  const mask = new Uint8Array(ds.rowCount);
  for (const row of ds.split.train) mask[row] = 1;
  return mask;
}

export function maskFromRows(rowCount: number, rows: ArrayLike<number>): RowMask {
  const mask = new Uint8Array(rowCount);
  for (let i = 0; i < rows.length; i++) mask[rows[i]] = 1;
  return mask;
}

/** The rows of `candidates` (sorted ascending) that are in the mask, still sorted. */
export function rowsInMask(mask: RowMask, candidates: Int32Array): Int32Array {
  let count = 0;
  for (const row of candidates) if (mask[row]) count++;
  const out = new Int32Array(count);
  let j = 0;
  for (const row of candidates) if (mask[row]) out[j++] = row;
  return out;
}

/** The rows of `candidates` that are NOT in the mask, sorted. */
export function rowsNotInMask(mask: RowMask, candidates: Int32Array): Int32Array {
  let count = 0;
  for (const row of candidates) if (!mask[row]) count++;
  const out = new Int32Array(count);
  let j = 0;
  for (const row of candidates) if (!mask[row]) out[j++] = row;
  return out;
}

export function intersectMasks(a: RowMask, b: RowMask): RowMask {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

export function unionMasks(a: RowMask, b: RowMask): RowMask {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] | b[i];
  return out;
}

/** Rows of `universe` not in `mask`: complement taken within the training split, not all rows. */
export function complementMask(mask: RowMask, universe: RowMask): RowMask {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = universe[i] & (mask[i] ^ 1);
  return out;
}

/** A sorted copy; typed-array sort is numeric, unlike Array#sort. */
export function sortedRows(rows: ArrayLike<number>): Int32Array {
  return Int32Array.from(rows).sort();
}
