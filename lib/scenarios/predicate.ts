/**
 * Column predicates (=, !=, <, <=, >, >=, in; and/or/not). A predicate is first compiled
 * against the dataset, which checks every column name, operator and value before any row is
 * read, then evaluated over the training rows.
 */
import type { DatasetArrays } from '@/lib/data/types';
import { fieldPath, formatList, scenarioError } from './errors';
import { findPredicateColumn, predicateColumnNames } from './columns';
import { categoryCode, numericColumnValue } from './column-values';
import type { ComparisonOp, Predicate, PredicateValue } from './spec';
import type { RowMask } from './row-set';

type RowTest = (row: number) => boolean;

function compareNumbers(op: ComparisonOp, values: Float32Array, v: number): RowTest {
  switch (op) {
    case '=': return (r) => values[r] === v;
    case '!=': return (r) => values[r] !== v;
    case '<': return (r) => values[r] < v;
    case '<=': return (r) => values[r] <= v;
    case '>': return (r) => values[r] > v;
    case '>=': return (r) => values[r] >= v;
  }
}

function compileLeaf(
  ds: DatasetArrays,
  column: string,
  op: ComparisonOp | 'in',
  values: PredicateValue[],
  field: string,
  valueField: (i: number) => string,
): RowTest {
  const col = findPredicateColumn(ds, column);
  if (!col) {
    const available = predicateColumnNames(ds);
    throw scenarioError(
      'unknown_column',
      fieldPath(field, 'column'),
      `no column ${JSON.stringify(column)} in this dataset; available: ${formatList(available, 30)}`,
      { column, available },
    );
  }
  if (col.type === 'numeric') {
    const numbers = values.map((v, i) => numericColumnValue(col.name, v, valueField(i)));
    const data = col.values;
    if (op === 'in') {
      const set = new Set(numbers);
      return (r) => set.has(data[r]);
    }
    return compareNumbers(op, data, numbers[0]);
  }
  // Categories have no order (codes are just positions in a list), so only equality tests.
  if (op !== '=' && op !== '!=' && op !== 'in') {
    throw scenarioError(
      'invalid_operator',
      fieldPath(field, 'op'),
      `"${op}" needs a numeric column; "${col.name}" is categorical (use =, != or in)`,
      { column: col.name, op },
    );
  }
  const codes = values.map((v, i) => categoryCode(col.name, col.categories, v, valueField(i)));
  const data = col.codes;
  if (op === 'in') {
    const set = new Set(codes);
    return (r) => set.has(data[r]);
  }
  const code = codes[0];
  return op === '=' ? (r) => data[r] === code : (r) => data[r] !== code;
}

export function compilePredicate(ds: DatasetArrays, predicate: Predicate, field: string): RowTest {
  switch (predicate.op) {
    case 'and': {
      const tests = predicate.predicates.map((p, i) => compilePredicate(ds, p, fieldPath(fieldPath(field, 'predicates'), i)));
      return (r) => tests.every((t) => t(r));
    }
    case 'or': {
      const tests = predicate.predicates.map((p, i) => compilePredicate(ds, p, fieldPath(fieldPath(field, 'predicates'), i)));
      return (r) => tests.some((t) => t(r));
    }
    case 'not': {
      const test = compilePredicate(ds, predicate.predicate, fieldPath(field, 'predicate'));
      return (r) => !test(r);
    }
    case 'in':
      return compileLeaf(ds, predicate.column, 'in', predicate.values, field, (i) =>
        fieldPath(fieldPath(field, 'values'), i),
      );
    default:
      return compileLeaf(ds, predicate.column, predicate.op, [predicate.value], field, () =>
        fieldPath(field, 'value'),
      );
  }
}

/** Mask of the training rows (`rows`) the predicate holds for. */
export function evaluatePredicate(ds: DatasetArrays, predicate: Predicate, rows: Int32Array, field: string): RowMask {
  const test = compilePredicate(ds, predicate, field);
  const mask = new Uint8Array(ds.rowCount);
  for (const row of rows) if (test(row)) mask[row] = 1;
  return mask;
}
