/**
 * The view of a results table (columns, sort, "differences only", value/gap display, the trade-
 * off axis, the seed of single-run charts) and, for comparisons, the runs and the baseline: all
 * of it lives in the URL, so a link reproduces the view. Parsing is forgiving (unknown keys are
 * dropped); serialising leaves defaults out so links stay short.
 */
import type { ResultRow } from './aggregate';
import { formatGap, formatValue } from './format';

export type ShowMode = 'both' | 'value' | 'gap';

export interface SortState {
  key: string;
  by: 'value' | 'gap';
  dir: 'asc' | 'desc';
}

export interface ViewState {
  /** null: the table's default columns. */
  cols: string[] | null;
  sort: SortState | null;
  diff: boolean;
  show: ShowMode;
  /** Trade-off chart's forgetting axis id. */
  x: string | null;
}

export interface ComparisonSelection {
  runs: string[];
  baseline: string | null;
}

export const DEFAULT_VIEW: ViewState = { cols: null, sort: null, diff: false, show: 'both', x: null };

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function get(params: Params, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

function list(value: string | undefined): string[] {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

export function parseSort(value: string | undefined): SortState | null {
  if (!value) return null;
  // key[:gap]:asc|desc — the metric key itself contains dots but never colons.
  const parts = value.split(':');
  const dir = parts.at(-1) === 'asc' ? 'asc' : parts.at(-1) === 'desc' ? 'desc' : null;
  if (!dir || parts.length < 2) return null;
  const by = parts.length >= 3 && parts[parts.length - 2] === 'gap' ? 'gap' : 'value';
  const key = parts.slice(0, by === 'gap' ? -2 : -1).join(':');
  return key ? { key, by, dir } : null;
}

export function formatSort(sort: SortState): string {
  return `${sort.key}${sort.by === 'gap' ? ':gap' : ''}:${sort.dir}`;
}

export function parseViewState(params: Params): ViewState {
  const cols = list(get(params, 'cols'));
  const show = get(params, 'show');
  return {
    cols: cols.length ? cols : null,
    sort: parseSort(get(params, 'sort')),
    diff: get(params, 'diff') === '1',
    show: show === 'value' || show === 'gap' ? show : 'both',
    x: get(params, 'x') || null,
  };
}

export function parseSelection(params: Params): ComparisonSelection {
  return { runs: [...new Set(list(get(params, 'runs')))], baseline: get(params, 'baseline') || null };
}

/** Query string of a view (and a selection, for comparisons), defaults left out. */
export function viewQuery(view: ViewState, selection?: ComparisonSelection): string {
  const q = new URLSearchParams();
  if (selection) {
    if (selection.runs.length) q.set('runs', selection.runs.join(','));
    if (selection.baseline) q.set('baseline', selection.baseline);
  }
  if (view.cols?.length) q.set('cols', view.cols.join(','));
  if (view.sort) q.set('sort', formatSort(view.sort));
  if (view.diff) q.set('diff', '1');
  if (view.show !== 'both') q.set('show', view.show);
  if (view.x) q.set('x', view.x);
  // URLSearchParams escapes commas and colons; they are safe in a query and far easier to read.
  return q.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** Pinned rows keep their order on top; the others sort by the chosen stat, missing values last. */
export function sortRows(rows: readonly ResultRow[], sort: SortState | null): ResultRow[] {
  const pinned = rows.filter((r) => r.pinned);
  const rest = rows.filter((r) => !r.pinned);
  if (!sort) return [...pinned, ...rest];
  const val = (r: ResultRow) => (sort.by === 'gap' ? r.gaps[sort.key]?.mean : r.values[sort.key]?.mean) ?? null;
  const sorted = [...rest].sort((a, b) => {
    const x = val(a), y = val(b);
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return sort.dir === 'asc' ? x - y : y - x;
  });
  return [...pinned, ...sorted];
}

/**
 * "Differences only": the columns whose shown values are not the same in every row. Equal
 * after formatting counts as equal: the reader cannot tell 93.21% from 93.24% apart either.
 */
export function differingColumns(rows: readonly ResultRow[], columns: readonly string[], show: ShowMode): string[] {
  return columns.filter((k) => {
    const shown = new Set<string>();
    for (const r of rows) {
      const parts: string[] = [];
      if (show !== 'gap') parts.push(formatValue(k, r.values[k]?.mean));
      if (show !== 'value') parts.push(formatGap(k, r.gaps[k]?.mean));
      shown.add(parts.join('|'));
    }
    return shown.size > 1;
  });
}
