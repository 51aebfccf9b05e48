/**
 * A content hash of what a scenario changes: the forget set and, for security scenarios, every
 * poisoned row's label and features as trained on. Two specs that resolve to the same rows and
 * poison get the same hash, which lets the study planner reuse runs.
 */
import { createHash, type Hash } from 'node:crypto';
import type { DatasetArrays } from '@/lib/data/types';
import type { ScenarioResolution } from './forget-set';

const HASH_VERSION = 'lethe-forget-set/v1';

function updateTyped(hash: Hash, tag: string, array: Int32Array | Float32Array | Uint8Array): void {
  // Tag and length prefix keep sections from running into each other.
  hash.update(`${tag}:${array.length};`);
  hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

function updatePoisonValues(hash: Hash, ds: DatasetArrays, rows: Int32Array): void {
  updateTyped(hash, 'labels', Int32Array.from(rows, (r) => ds.labels[r]));
  if (ds.pixels && ds.imageShape) {
    const { height, width, channels } = ds.imageShape;
    const size = height * width * channels;
    for (const row of rows) updateTyped(hash, `px${row}`, ds.pixels.subarray(row * size, (row + 1) * size));
  }
  for (const col of ds.columns) {
    if (col.type === 'numeric') updateTyped(hash, `num:${col.name}`, Float32Array.from(rows, (r) => col.values[r]));
    else updateTyped(hash, `cat:${col.name}`, Int32Array.from(rows, (r) => col.codes[r]));
  }
}

export function hashForgetSet(resolution: Pick<ScenarioResolution, 'forgetRows' | 'poisoned' | 'dataset'>): string {
  const hash = createHash('sha256');
  hash.update(HASH_VERSION);
  updateTyped(hash, 'forget', resolution.forgetRows);
  if (resolution.poisoned) {
    updateTyped(hash, 'poisoned', resolution.poisoned.rows);
    updatePoisonValues(hash, resolution.dataset, resolution.poisoned.rows);
  }
  return hash.digest('hex');
}
