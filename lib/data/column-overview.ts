/**
 * How the dataset page keeps a wide dataset's page short: the first few columns are shown with
 * their histograms, the rest (and a long schema, and a wide row preview) sit in collapsed
 * sections whose summary line counts what is inside, so nothing is hidden without a word.
 */
import type { ColumnRole, ColumnType } from './types';

/** Column summaries (each with a histogram or top values) shown before "show the rest". */
export const COLUMNS_SHOWN = 6;
/** Up to this many columns, the schema table and the row preview are open; beyond, collapsed. */
export const OPEN_UP_TO_COLUMNS = 12;

export function splitShown<T>(items: readonly T[], shown: number): { shown: T[]; rest: T[] } {
  return { shown: items.slice(0, shown), rest: items.slice(shown) };
}

const ROLE_NAMES: Record<ColumnRole, [string, string]> = {
  feature: ['feature', 'features'],
  label: ['label', 'labels'],
  subject: ['subject id', 'subject ids'],
  sensitive: ['sensitive attribute', 'sensitive attributes'],
  ignore: ['ignored', 'ignored'],
};

function counted<K extends string>(items: readonly K[], order: readonly K[], name: (k: K, n: number) => string): string {
  return order
    .map((k) => [k, items.filter((x) => x === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n.toLocaleString('en')} ${name(k, n)}`)
    .join(', ');
}

/**
 * "57 columns: 50 numeric, 7 categorical; 55 features, 2 ignored; 3 with missing values".
 * `missing` is a count of missing cells (column summaries); without it nothing is said about them.
 */
export function describeColumns(columns: ReadonlyArray<{ type: ColumnType; role: ColumnRole; missing?: number }>): string {
  const n = columns.length;
  const parts = [
    counted(columns.map((c) => c.type), ['numeric', 'categorical'] as const, (k) => k),
    counted(columns.map((c) => c.role), ['label', 'feature', 'subject', 'sensitive', 'ignore'] as const, (k, count) => ROLE_NAMES[k][count === 1 ? 0 : 1]),
  ];
  const withMissing = columns.filter((c) => typeof c.missing === 'number' && c.missing > 0).length;
  if (columns.some((c) => typeof c.missing === 'number')) parts.push(withMissing ? `${withMissing.toLocaleString('en')} with missing values` : 'none with missing values');
  return `${n.toLocaleString('en')} column${n === 1 ? '' : 's'}: ${parts.filter(Boolean).join('; ')}`;
}
