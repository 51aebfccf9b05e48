import { describe, expect, it } from 'vitest';
import { resolveScenario } from '@/lib/scenarios';
import type { DatasetArrays } from '@/lib/data/types';
import { runRowSets } from './run-inputs';
import { carveValidation, MIN_VALIDATION_ROWS, trainingDataHashOf, ValidationSplitError } from './validation-split';

/** 200 rows, every 5th a test row: enough training rows outside the forget set to carve from. */
function tabularDataset(): DatasetArrays {
  const idx = Array.from({ length: 200 }, (_, i) => i);
  return {
    kind: 'tabular',
    rowCount: idx.length,
    columns: [{ name: 'x', type: 'numeric', values: Float32Array.from(idx, (i) => i) }],
    labels: Int32Array.from(idx, (i) => i % 3),
    classNames: ['a', 'b', 'c'],
    groups: [],
    split: { train: Int32Array.from(idx.filter((i) => i % 5 !== 4)), test: Int32Array.from(idx.filter((i) => i % 5 === 4)) },
  };
}

const privacy = { category: 'privacy', seed: 1, selector: { kind: 'randomFraction', fraction: 0.2 }, requests: { kind: 'slices', count: 2 } } as const;

describe('validation split', () => {
  it('carves the same rows every time, from training rows outside every forget set', () => {
    const ds = tabularDataset();
    const resolved = resolveScenario(ds, privacy);
    const a = carveValidation(resolved, 0.2);
    const b = carveValidation(resolveScenario(ds, privacy), 0.2);
    expect(Array.from(a.rows)).toEqual(Array.from(b.rows));
    expect(a.hash).toBe(b.hash);
    const train = new Set(ds.split.train);
    const forgotten = new Set(resolved.requests.flatMap((r) => Array.from(r)));
    const test = new Set(resolved.testRows);
    for (const r of a.rows) {
      expect(train.has(r)).toBe(true);
      expect(forgotten.has(r)).toBe(false);
      expect(test.has(r)).toBe(false);
    }
    const pool = ds.split.train.length - forgotten.size;
    expect(a.rows.length).toBe(Math.round(pool * 0.2));
    expect(carveValidation(resolved, 0.1).hash).not.toBe(a.hash);
  });

  it('takes the rows out of what the models train on', () => {
    const resolved = resolveScenario(tabularDataset(), privacy);
    const { rows } = carveValidation(resolved, 0.2);
    const sets = runRowSets(resolved, rows);
    const carved = new Set(rows);
    expect(sets.validation).toBe(rows);
    expect(sets.train.length).toBe(resolved.dataset.split.train.length - rows.length);
    for (const r of sets.train) expect(carved.has(r)).toBe(false);
    for (const request of sets.requests) {
      for (const r of request.retain) expect(carved.has(r)).toBe(false);
      expect(request.forget.length + request.retain.length + rows.length).toBe(resolved.dataset.split.train.length);
    }
  });

  it('refuses a split too small to choose by', () => {
    const resolved = resolveScenario(tabularDataset(), privacy);
    const pool = resolved.dataset.split.train.length - new Set(resolved.requests.flatMap((r) => Array.from(r))).size;
    const fraction = (MIN_VALIDATION_ROWS - 1) / pool;
    expect(() => carveValidation(resolved, fraction)).toThrow(ValidationSplitError);
  });

  it('makes the carve part of the training-data hash', () => {
    const plain = trainingDataHashOf({ versionHash: 'v', poisonHash: null, validationHash: null });
    expect(plain).toBe('v');
    const swept = trainingDataHashOf({ versionHash: 'v', poisonHash: null, validationHash: 'a' });
    expect(swept).not.toBe(plain);
    expect(trainingDataHashOf({ versionHash: 'v', poisonHash: null, validationHash: 'a' })).toBe(swept);
    expect(trainingDataHashOf({ versionHash: 'v', poisonHash: null, validationHash: 'b' })).not.toBe(swept);
  });
});
