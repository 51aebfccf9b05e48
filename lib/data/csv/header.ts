/** Reading and checking the header record: names must be present, unique and not too many. */

import { DataError } from '../errors';
import type { DataLimits } from '../limits';
import { decodeCell } from './cell-text';
import type { CsvRecord } from './tokenizer';

export function readHeader(record: CsvRecord, limits: DataLimits): string[] {
  if (record.count > limits.maxColumns) {
    throw new DataError(
      'too_many_columns',
      `Line ${record.line}: the header has ${record.count} columns; the limit is ${limits.maxColumns}.`,
      { line: record.line, limit: limits.maxColumns, found: record.count },
    );
  }
  const names: string[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < record.count; i++) {
    const text = decodeCell(record.bytes, record.starts[i], record.ends[i]);
    if (text === null) {
      throw new DataError('invalid_utf8', `Line ${record.line}: column ${i + 1} of the header is not valid UTF-8 text.`, {
        line: record.line,
        column: `#${i + 1}`,
      });
    }
    const name = text.trim();
    if (name === '') {
      throw new DataError(
        'empty_column_name',
        `Line ${record.line}: column ${i + 1} of the header has no name; every column needs one.`,
        { line: record.line, column: `#${i + 1}` },
      );
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError(
        'duplicate_column',
        `Line ${record.line}: column name ${JSON.stringify(name)} appears twice (columns ${first + 1} and ${i + 1}); names must be unique.`,
        { line: record.line, column: name },
      );
    }
    seen.set(name, i);
    names.push(name);
  }
  return names;
}

/** A line with nothing on it. Skipped rather than read as a row of missing values. */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.count === 1 && record.ends[0] === record.starts[0];
}

export function checkFieldCount(record: CsvRecord, expected: number): void {
  if (record.count !== expected) {
    throw new DataError(
      'ragged_row',
      `Line ${record.line}: expected ${expected} fields (as in the header) but found ${record.count}.`,
      { line: record.line, expected, found: record.count },
    );
  }
}

export function recordToStrings(record: CsvRecord, header: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < record.count; i++) {
    const text = decodeCell(record.bytes, record.starts[i], record.ends[i]);
    if (text === null) {
      const column = header[i] ?? `#${i + 1}`;
      throw new DataError('invalid_utf8', `Line ${record.line}, column ${JSON.stringify(column)}: the value is not valid UTF-8 text.`, {
        line: record.line,
        column,
      });
    }
    out.push(text);
  }
  return out;
}
