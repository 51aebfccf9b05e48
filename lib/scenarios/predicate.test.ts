import { describe, expect, it } from 'vitest';
import { evaluatePredicate } from './predicate';
import { rowsInMask } from './row-set';
import type { Predicate } from './spec';
import { buildTabularDataset, catchScenarioError, trainRowsWhere } from './test-fixtures';

const ds = buildTabularDataset();
const train = ds.split.train;
const matched = (p: Predicate) => Array.from(rowsInMask(evaluatePredicate(ds, p, train, 'p'), train));

describe('evaluatePredicate', () => {
  it('compares numeric columns with every operator, on training rows only', () => {
    expect(matched({ op: '<', column: 'age', value: 25 })).toEqual([0, 1, 2, 3]);
    expect(matched({ op: '<=', column: 'age', value: 25 })).toEqual([0, 1, 2, 3, 5]);
    expect(matched({ op: '>', column: 'age', value: 56 })).toEqual([37, 38]);
    expect(matched({ op: '>=', column: 'age', value: 56 })).toEqual([36, 37, 38]);
    expect(matched({ op: '=', column: 'age', value: 30 })).toEqual([10]);
    expect(matched({ op: '!=', column: 'age', value: 30 })).toHaveLength(train.length - 1);
    expect(matched({ op: 'in', column: 'age', values: [20, 24, 25] })).toEqual([0, 5]); // 24 is a test row
  });

  it('rounds literals like float32 storage, so 1000.1 and <= 0.1 match as written', () => {
    expect(matched({ op: '=', column: 'income', value: 1000.1 })).toEqual(trainRowsWhere(ds, (i) => i % 8 === 1));
    expect(matched({ op: '<=', column: 'income', value: 0.1 })).toEqual(trainRowsWhere(ds, (i) => i % 8 === 0));
  });

  it('matches categories, sensitive attributes, the subject column and the label by name', () => {
    expect(matched({ op: '=', column: 'color', value: 'blue' })).toEqual(trainRowsWhere(ds, (i) => i % 3 === 2));
    expect(matched({ op: '=', column: 'sex', value: 'M' })).toEqual(trainRowsWhere(ds, (i) => i % 2 === 1));
    expect(matched({ op: 'in', column: 'user_id', values: ['s00', 's02'] })).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(matched({ op: '=', column: '$subject', value: 's00' })).toEqual([0, 1, 2, 3]);
    expect(matched({ op: '=', column: '$label', value: 'high' })).toEqual(trainRowsWhere(ds, (i) => Math.floor(i / 2) % 3 === 2));
  });

  it('combines with and / or / not', () => {
    const young = { op: '<', column: 'age', value: 30 } as const;
    const female = { op: '=', column: 'sex', value: 'F' } as const;
    expect(matched({ op: 'and', predicates: [young, female] })).toEqual([0, 2, 6, 8]);
    expect(matched({ op: 'or', predicates: [young, { op: '>', column: 'age', value: 57 }] })).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 38]);
    expect(matched({ op: 'not', predicate: { op: 'or', predicates: [young, female] } })).toEqual(
      trainRowsWhere(ds, (i) => i >= 10 && i % 2 === 1),
    );
  });

  it('refuses a missing column, naming the field and the available columns', () => {
    const error = catchScenarioError(() =>
      evaluatePredicate(ds, { op: 'and', predicates: [{ op: '=', column: 'agee', value: 3 }] }, train, 'selector.predicate'),
    );
    expect(error.code).toBe('unknown_column');
    expect(error.details.field).toBe('selector.predicate.predicates[0].column');
    expect(error.message).toContain('"agee"');
    expect(error.message).toContain('"age"');
  });

  it('refuses a string for a numeric column', () => {
    const error = catchScenarioError(() => evaluatePredicate(ds, { op: '>', column: 'age', value: 'thirty' }, train, 'selector.predicate'));
    expect(error.code).toBe('invalid_value');
    expect(error.details.field).toBe('selector.predicate.value');
    expect(error.message).toContain('numeric');
  });

  it('refuses a category that does not exist, listing the allowed ones', () => {
    const error = catchScenarioError(() => evaluatePredicate(ds, { op: 'in', column: 'color', values: ['red', 'purple'] }, train, 'p'));
    expect(error.code).toBe('invalid_value');
    expect(error.details.field).toBe('p.values[1]');
    expect(error.message).toContain('"purple"');
    expect(error.message).toContain('"red", "green", "blue"');
    expect(error.details.allowed).toEqual(['red', 'green', 'blue']);
  });

  it('refuses a number for a categorical column and an ordering operator on one', () => {
    expect(catchScenarioError(() => evaluatePredicate(ds, { op: '=', column: 'sex', value: 1 }, train, 'p')).details.field).toBe('p.value');
    const error = catchScenarioError(() => evaluatePredicate(ds, { op: '<', column: 'color', value: 'red' }, train, 'p'));
    expect(error.code).toBe('invalid_operator');
    expect(error.details.field).toBe('p.op');
  });
});
