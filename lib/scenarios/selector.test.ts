import { describe, expect, it } from 'vitest';
import { resolveSelector } from './selector';
import { rowsInMask } from './row-set';
import type { Selector } from './spec';
import { buildImageDataset, buildTabularDataset, catchScenarioError, trainRowsWhere } from './test-fixtures';

const ds = buildTabularDataset();
const train = ds.split.train;
const select = (s: Selector, seed = 7) => Array.from(rowsInMask(resolveSelector(ds, s, seed), train));

describe('resolveSelector', () => {
  it('selects by class name, training rows only', () => {
    expect(select({ kind: 'class', classes: ['low'] })).toEqual(trainRowsWhere(ds, (i) => Math.floor(i / 2) % 3 === 0));
  });

  it('selects every training row of the given subjects', () => {
    expect(select({ kind: 'subjects', subjectIds: ['s01', 's09'] })).toEqual([5, 6, 7, 36, 37, 38]);
  });

  it('draws a seeded random fraction: same seed same rows, other seed other rows', () => {
    const a = select({ kind: 'randomFraction', fraction: 0.25 }, 1);
    expect(a).toHaveLength(8); // round(0.25 x 32)
    expect(select({ kind: 'randomFraction', fraction: 0.25 }, 1)).toEqual(a);
    expect(select({ kind: 'randomFraction', fraction: 0.25 }, 2)).not.toEqual(a);
    expect(a.every((row) => row % 5 !== 4)).toBe(true);
  });

  it('draws a random fraction of another selector\'s rows with `of`', () => {
    const lowRows = trainRowsWhere(ds, (i) => Math.floor(i / 2) % 3 === 0);
    const rows = select({ kind: 'randomFraction', fraction: 0.5, of: { kind: 'class', classes: ['low'] } });
    expect(rows).toHaveLength(Math.round(lowRows.length / 2));
    for (const row of rows) expect(lowRows).toContain(row);
  });

  it('draws k whole subjects at random, seeded', () => {
    const rows = select({ kind: 'randomSubjects', count: 2 }, 3);
    const subjects = new Set(rows.map((r) => ds.subjects?.codes[r]));
    expect(subjects.size).toBe(2);
    // every training row of a chosen subject is in
    for (const code of subjects) {
      expect(rows).toEqual(expect.arrayContaining(trainRowsWhere(ds, (i) => ds.subjects?.codes[i] === code)));
    }
    expect(select({ kind: 'randomSubjects', count: 2 }, 3)).toEqual(rows);
    const others = [4, 5, 6].map((seed) => select({ kind: 'randomSubjects', count: 2 }, seed));
    expect(others.some((o) => o.join() !== rows.join())).toBe(true);
  });

  it('takes an uploaded list of row ids (duplicates allowed)', () => {
    expect(select({ kind: 'rowIds', rowIds: [10, 0, 10, 3] })).toEqual([0, 3, 10]);
  });

  it('composes all (intersection), any (union) and not (complement within training)', () => {
    const low: Selector = { kind: 'class', classes: ['low'] };
    const s00: Selector = { kind: 'subjects', subjectIds: ['s00'] };
    expect(select({ kind: 'all', selectors: [low, s00] })).toEqual([0, 1]);
    expect(select({ kind: 'any', selectors: [s00, { kind: 'rowIds', rowIds: [38] }] })).toEqual([0, 1, 2, 3, 38]);
    const notLow = select({ kind: 'not', selector: low });
    expect(notLow).toEqual(trainRowsWhere(ds, (i) => Math.floor(i / 2) % 3 !== 0));
    expect(notLow.some((row) => row % 5 === 4)).toBe(false); // never a test row
    expect(
      select({
        kind: 'all',
        selectors: [
          { kind: 'predicate', predicate: { op: '=', column: 'region', value: 'north' } },
          { kind: 'not', selector: { kind: 'any', selectors: [low, { kind: 'class', classes: ['mid'] }] } },
        ],
      }),
    ).toEqual(trainRowsWhere(ds, (i) => i < 20 && Math.floor(i / 2) % 3 === 2));
  });

  it('gives two random leaves independent draws', () => {
    const half: Selector = { kind: 'randomFraction', fraction: 0.5 };
    const both = select({ kind: 'all', selectors: [half, half] });
    expect(both.length).toBeLessThan(16); // identical draws would intersect to all 16
  });

  it('refuses unknown subject ids and says which', () => {
    const error = catchScenarioError(() => resolveSelector(ds, { kind: 'subjects', subjectIds: ['s01', 'bob', 'eve'] }, 1));
    expect(error.code).toBe('unknown_subject');
    expect(error.details.field).toBe('selector.subjectIds');
    expect(error.message).toContain('"bob", "eve"');
    expect(error.details.unknownIds).toEqual(['bob', 'eve']);
  });

  it('refuses subject selectors on a dataset without subjects', () => {
    const images = buildImageDataset();
    expect(catchScenarioError(() => resolveSelector(images, { kind: 'randomSubjects', count: 1 }, 1)).code).toBe('no_subjects');
  });

  it('refuses more random subjects than have training rows', () => {
    const error = catchScenarioError(() => resolveSelector(ds, { kind: 'randomSubjects', count: 11 }, 1));
    expect(error.code).toBe('too_many_subjects');
    expect(error.details.field).toBe('selector.count');
    expect(error.message).toContain('only 10 subjects');
  });

  it('refuses an unknown class, listing the classes', () => {
    const error = catchScenarioError(() => resolveSelector(ds, { kind: 'any', selectors: [{ kind: 'class', classes: ['low', 'huge'] }] }, 1));
    expect(error.code).toBe('unknown_class');
    expect(error.details.field).toBe('selector.selectors[0].classes[1]');
    expect(error.message).toContain('"low", "mid", "high"');
  });

  it('refuses row ids of test rows or outside the dataset, and an empty list', () => {
    const error = catchScenarioError(() => resolveSelector(ds, { kind: 'rowIds', rowIds: [0, 4, 40, -1] }, 1));
    expect(error.code).toBe('row_not_in_training');
    expect(error.details.field).toBe('selector.rowIds');
    expect(error.details.invalidRowIds).toEqual([4, 40, -1]);
    expect(error.message).toContain('1 in the test split');
    expect(catchScenarioError(() => resolveSelector(ds, { kind: 'rowIds', rowIds: [] }, 1)).details.field).toBe('selector.rowIds');
  });
});
