/**
 * Turns a user-given value into what a column stores, refusing values of the wrong type.
 * Used by predicates and by tabular backdoor triggers, so both say the same thing about a
 * wrong value.
 */
import { formatList, scenarioError } from './errors';
import type { PredicateValue } from './spec';

/**
 * Numeric columns are stored as float32, so a literal like 0.1 is rounded the same way before
 * comparing; otherwise `x <= 0.1` would miss rows stored as fround(0.1) > 0.1.
 */
export function numericColumnValue(columnName: string, value: PredicateValue, field: string): number {
  if (typeof value !== 'number') {
    throw scenarioError(
      'invalid_value',
      field,
      `column "${columnName}" is numeric; got the string ${JSON.stringify(value)}, expected a number`,
      { column: columnName, expected: 'number', got: value },
    );
  }
  return Math.fround(value);
}

/** The code of a category name; unknown categories are refused with the allowed list. */
export function categoryCode(
  columnName: string,
  categories: readonly string[],
  value: PredicateValue,
  field: string,
): number {
  const code = typeof value === 'string' ? categories.indexOf(value) : -1;
  if (code < 0) {
    const got = typeof value === 'string' ? `the category ${JSON.stringify(value)}` : `the number ${value}`;
    throw scenarioError(
      'invalid_value',
      field,
      `column "${columnName}" is categorical; got ${got}, allowed: ${formatList(categories, 20)}`,
      { column: columnName, expected: 'category', got: value, allowed: categories.slice(0, 100) },
    );
  }
  return code;
}
