/**
 * Schema inference from a sample of rows, and merging the user's corrections into it.
 *
 * Inference: a column is numeric when every non-missing sampled cell is a finite decimal
 * number, otherwise categorical. The last column is suggested as the label (the convention of
 * most published CSVs, including the bundled ones); everything else starts as a feature.
 */

import { DataError } from '../errors';
import type { ColumnRole, ColumnSchema, ColumnType, MissingPolicy } from '../types';
import { isMissingText } from './cell-text';
import { parseNumberBytes } from './number-parse';

/** A user correction for one column; fields left out keep the inferred value. */
export type ColumnOverride = { name: string } & Partial<Omit<ColumnSchema, 'name'>>;

const encoder = new TextEncoder();

export function looksNumeric(text: string): boolean {
  const bytes = encoder.encode(text.trim());
  return !Number.isNaN(parseNumberBytes(bytes, 0, bytes.length));
}

/**
 * Defaults chosen so a typical file ingests without questions, while anything that would
 * silently change who or what a row is (label, subject, sensitive group) must be present.
 */
export function defaultMissingPolicy(role: ColumnRole, type: ColumnType): MissingPolicy {
  if (role === 'feature') return type === 'numeric' ? 'median' : 'mode';
  if (role === 'ignore') return 'mode';
  return 'error';
}

export function inferColumnType(values: readonly string[]): ColumnType {
  let seen = 0;
  for (const v of values) {
    if (isMissingText(v)) continue;
    if (!looksNumeric(v)) return 'categorical';
    seen++;
  }
  return seen > 0 ? 'numeric' : 'categorical';
}

export function inferSchema(header: readonly string[], sample: readonly (readonly string[])[]): ColumnSchema[] {
  const last = header.length - 1;
  return header.map((name, i) => {
    const role: ColumnRole = i === last && header.length > 1 ? 'label' : 'feature';
    // Labels are classes even when written as numbers (digit 0-9), so they are categorical.
    const type: ColumnType = role === 'label' ? 'categorical' : inferColumnType(sample.map((row) => row[i] ?? ''));
    return { name, type, role, missing: defaultMissingPolicy(role, type) };
  });
}

/** Coded roles hold names of classes, people or groups: always categorical. */
function isCodedRole(role: ColumnRole): boolean {
  return role === 'label' || role === 'subject' || role === 'sensitive';
}

export function resolveSchema(inferred: readonly ColumnSchema[], overrides: readonly ColumnOverride[] = []): ColumnSchema[] {
  const byName = new Map(inferred.map((c) => [c.name, c]));
  for (const o of overrides) {
    if (!byName.has(o.name)) {
      throw new DataError('unknown_column', `Column ${JSON.stringify(o.name)} is not in the file's header.`, { column: o.name });
    }
  }
  const overrideOf = new Map(overrides.map((o) => [o.name, o]));
  const userPicksLabel = overrides.some((o) => o.role === 'label');
  const resolved = inferred.map((col): ColumnSchema => {
    const o = overrideOf.get(col.name);
    let role = o?.role ?? col.role;
    // Choosing another label column demotes the suggested one back to a feature.
    if (userPicksLabel && o?.role === undefined && role === 'label') role = 'feature';
    let type = o?.type ?? col.type;
    if (isCodedRole(role)) type = 'categorical';
    const roleOrTypeChanged = role !== col.role || type !== col.type;
    const missing = o?.missing ?? (roleOrTypeChanged ? defaultMissingPolicy(role, type) : col.missing);
    return { name: col.name, type, role, missing };
  });
  validateSchema(resolved);
  return resolved;
}

export function validateSchema(schema: readonly ColumnSchema[]): void {
  const labels = schema.filter((c) => c.role === 'label');
  if (labels.length !== 1) {
    throw new DataError(
      'invalid_option',
      labels.length === 0
        ? 'No label column: choose the column that holds the class of each row.'
        : `Only one label column is allowed; got ${labels.map((c) => c.name).join(', ')}.`,
    );
  }
  const subjects = schema.filter((c) => c.role === 'subject');
  if (subjects.length > 1) {
    throw new DataError('invalid_option', `At most one data-subject column is allowed; got ${subjects.map((c) => c.name).join(', ')}.`);
  }
  for (const c of schema) {
    if (c.missing === 'median' && (c.type !== 'numeric' || c.role !== 'feature')) {
      throw new DataError(
        'invalid_option',
        `Column ${JSON.stringify(c.name)}: a median exists only for numeric feature columns; choose mode, drop or error.`,
        { column: c.name },
      );
    }
  }
}
