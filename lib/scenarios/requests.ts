/**
 * Sequential deletion requests. Requests arrive in a seeded random order over the forget set
 * and are cumulative: request i holds everything deleted so far, so each contains the previous
 * one (a model that has served request i must have forgotten requests 0..i).
 */
import { permutation } from '@/lib/random';
import { fieldPath, scenarioError } from './errors';
import { randomFor } from './seeded';
import { sortedRows } from './row-set';
import type { Requests } from './spec';

export function buildRequests(forgetRows: Int32Array, requests: Requests, seed: number, field = 'requests'): Int32Array[] {
  if (requests.kind === 'none') return [forgetRows.slice()];
  const n = forgetRows.length;
  const sizes = requests.kind === 'slices'
    ? sliceSizes(n, requests.count, field)
    : growingSizes(n, requests.fractions, field);
  const order = permutation(n, randomFor(seed, 'requests'));
  return sizes.map((size) => sortedRows(Array.from(order.subarray(0, size), (i) => forgetRows[i])));
}

/** Cumulative sizes of k near-equal slices; the last one is the whole forget set. */
function sliceSizes(n: number, k: number, field: string): number[] {
  if (k > n) {
    throw scenarioError('requests_too_fine', fieldPath(field, 'count'),
      `cannot cut ${n} forget rows into ${k} non-empty requests`, { forgetCount: n, count: k });
  }
  return Array.from({ length: k }, (_, i) => Math.round(((i + 1) * n) / k));
}

/** round(f x n) per cumulative fraction, at least 1; each must add rows to the previous one. */
function growingSizes(n: number, fractions: number[], field: string): number[] {
  const sizes = fractions.map((f) => Math.max(1, Math.round(f * n)));
  sizes.forEach((size, i) => {
    if (i > 0 && size <= sizes[i - 1]) {
      throw scenarioError('requests_too_fine', fieldPath(fieldPath(field, 'fractions'), i),
        `with ${n} forget rows, fraction ${fractions[i]} gives ${size} rows, no more than the previous request ` +
          `(${sizes[i - 1]}); use fewer or more widely spaced fractions`,
        { forgetCount: n, sizes });
    }
  });
  return sizes;
}
