/**
 * Pure helpers for the paged table UI and CSV downloads: cell strings for a window of rows,
 * and neutralising spreadsheet formula injection.
 */

import { looksNumeric } from './csv/schema-inference';
import type { ColumnSchema, DatasetArrays } from './types';

export interface DisplayRow {
  /** Row id (0-based position in the version). */
  id: number;
  split: 'train' | 'test';
  cells: string[];
}

export interface DisplayRows {
  columns: string[];
  rows: DisplayRow[];
  /** Total rows in the version, for the pager. */
  total: number;
}

/** Shortest text that reads back as the same float32 (5.1, not 5.099999904632568). */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let precision = 1; precision <= 9; precision++) {
    const text = value.toPrecision(precision);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

type CellReader = (row: number) => string;

/** One reader per displayed column, in display order. */
function columnReaders(ds: DatasetArrays, schema?: readonly ColumnSchema[]): { name: string; read: CellReader }[] {
  const byName = new Map<string, CellReader>();
  for (const col of ds.columns) {
    byName.set(col.name, col.type === 'numeric' ? (r) => formatFloat32(col.values[r]) : (r) => col.categories[col.codes[r]] ?? '');
  }
  if (ds.subjects) {
    const s = ds.subjects;
    byName.set(s.name, (r) => s.values[s.codes[r]] ?? '');
  }
  for (const g of ds.groups) byName.set(g.name, (r) => g.values[g.codes[r]] ?? '');
  const labelName = schema?.find((c) => c.role === 'label')?.name ?? 'label';
  byName.set(labelName, (r) => ds.classNames[ds.labels[r]] ?? '');

  // The file's column order when the schema is known (ignored columns are not stored). Image
  // datasets keep no column schema, but their label is still worth showing.
  const order = schema ? schema.filter((c) => c.role !== 'ignore').map((c) => c.name) : [...byName.keys()];
  if (!order.includes(labelName)) order.push(labelName);
  return order.flatMap((name) => {
    const read = byName.get(name);
    return read ? [{ name, read }] : [];
  });
}

function contains(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Rows offset..offset+limit-1 as strings for the original columns (file order when `schema`
 * is given). Cells show stored values, so filled-in missing values show their fill. Images
 * show only their label.
 */
export function rowsForDisplay(ds: DatasetArrays, offset: number, limit: number, schema?: readonly ColumnSchema[]): DisplayRows {
  const readers = columnReaders(ds, schema);
  const start = Math.max(0, Math.floor(offset));
  const end = Math.min(ds.rowCount, start + Math.max(0, Math.floor(limit)));
  const rows: DisplayRow[] = [];
  for (let id = start; id < end; id++) {
    rows.push({ id, split: contains(ds.split.test, id) ? 'test' : 'train', cells: readers.map((c) => c.read(id)) });
  }
  return { columns: readers.map((c) => c.name), rows, total: ds.rowCount };
}

/**
 * Neutralises formula injection for cells opened in a spreadsheet (OWASP "CSV injection"):
 * text starting with =, +, -, @, tab or CR gets a leading apostrophe so it shows as text
 * instead of running. Numbers (and text that is a plain number, like "-5") stay as they are.
 */
export function csvSafeCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  if (value.length === 0) return value;
  const first = value.charCodeAt(0);
  const risky = first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09 || first === 0x0d;
  if (!risky || looksNumeric(value)) return value;
  return `'${value}`;
}

/** One CSV line (RFC 4180 quoting) of formula-safe cells, for downloads. */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells
    .map((cell) => {
      const safe = csvSafeCell(cell);
      return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    })
    .join(',');
}
