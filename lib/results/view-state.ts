/**
 * The view of a results table (columns, sort, "differences only", value/gap display, the trade-
 * off axis, the per-class chart's split, the distribution charts' model and seed, the requests
 * chart's metric) and, for comparisons, the runs and the baseline: all of it lives in the URL,
 * so a link reproduces the view. Parsing is forgiving (unknown keys are dropped); serialising
 * leaves defaults out so links stay short. Run ids (UUIDs) are written compactly, 22 base64url
 * characters each with no separator instead of 36 plus a comma, so a comparison of hundreds of
 * runs keeps a usable link; the long form is still read.
 */
import type { ResultRow } from './aggregate';
import { formatGap, formatValue } from './format';

export type ShowMode = 'both' | 'value' | 'gap';

export interface SortState {
  key: string;
  by: 'value' | 'gap';
  dir: 'asc' | 'desc';
}

export type PerClassSplit = 'test' | 'forget' | 'retain';

export interface ViewState {
  /** null: the table's default columns. */
  cols: string[] | null;
  sort: SortState | null;
  diff: boolean;
  show: ShowMode;
  /** Trade-off chart's forgetting axis id. */
  x: string | null;
  /** Per-class chart's split. */
  split: PerClassSplit;
  /** Distribution charts' model, as rowToken(row key) (row keys are long JSON); null: the first method. */
  dm: string | null;
  /** Distribution charts' seed; null: the model's first seed. */
  ds: number | null;
  /** Requests chart's metric; null: the average gap (or the first key metric). */
  rm: string | null;
}

export interface ComparisonSelection {
  runs: string[];
  baseline: string | null;
}

export const DEFAULT_VIEW: ViewState = { cols: null, sort: null, diff: false, show: 'both', x: null, split: 'test', dm: null, ds: null, rm: null };

/** The query parameters of a view (not of a selection). */
export const VIEW_PARAMS = ['cols', 'sort', 'diff', 'show', 'x', 'split', 'dm', 'ds', 'rm'] as const;

/** A short stable token for a row key (FNV-1a, base 36): the key itself is JSON, long in a URL. */
export function rowToken(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID as 22 base64url characters (128 bits, padded to 132). */
export function compactUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '').toLowerCase() + '0';
  let out = '';
  // 33 hex digits = 132 bits = 22 six-bit characters; three hex digits make two characters.
  for (let i = 0; i < hex.length; i += 3) {
    const v = parseInt(hex.slice(i, i + 3), 16);
    out += B64[v >> 6] + B64[v & 63];
  }
  return out;
}

/** The inverse of compactUuid; null for anything that is not one. */
export function expandUuid(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return null;
  let hex = '';
  for (let i = 0; i < 22; i += 2) {
    const v = (B64.indexOf(token[i]) << 6) | B64.indexOf(token[i + 1]);
    hex += v.toString(16).padStart(3, '0');
  }
  if (!hex.endsWith('0')) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function expandList(value: string | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (let i = 0; i + 22 <= value.length; i += 22) {
    const id = expandUuid(value.slice(i, i + 22));
    if (id) out.push(id);
  }
  return out;
}

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
  const split = get(params, 'split');
  const ds = Number(get(params, 'ds'));
  return {
    cols: cols.length ? cols : null,
    sort: parseSort(get(params, 'sort')),
    diff: get(params, 'diff') === '1',
    show: show === 'value' || show === 'gap' ? show : 'both',
    x: get(params, 'x') || null,
    split: split === 'forget' || split === 'retain' ? split : 'test',
    dm: get(params, 'dm') || null,
    ds: get(params, 'ds') && Number.isInteger(ds) ? ds : null,
    rm: get(params, 'rm') || null,
  };
}

/** Runs from `r` (compact) and `runs` (comma-separated ids), the baseline from `b` or `baseline`. */
export function parseSelection(params: Params): ComparisonSelection {
  const b = get(params, 'b');
  return { runs: [...new Set([...expandList(get(params, 'r')), ...list(get(params, 'runs'))])], baseline: (b ? expandUuid(b) : null) ?? (get(params, 'baseline') || null) };
}

/** Query string of a view (and a selection, for comparisons), defaults left out. */
export function viewQuery(view: ViewState, selection?: ComparisonSelection): string {
  const q = new URLSearchParams();
  if (selection) {
    const compact = selection.runs.filter((id) => UUID.test(id));
    const other = selection.runs.filter((id) => !UUID.test(id));
    if (compact.length) q.set('r', compact.map(compactUuid).join(''));
    if (other.length) q.set('runs', other.join(','));
    if (selection.baseline) q.set(UUID.test(selection.baseline) ? 'b' : 'baseline', UUID.test(selection.baseline) ? compactUuid(selection.baseline) : selection.baseline);
  }
  if (view.cols?.length) q.set('cols', view.cols.join(','));
  if (view.sort) q.set('sort', formatSort(view.sort));
  if (view.diff) q.set('diff', '1');
  if (view.show !== 'both') q.set('show', view.show);
  if (view.x) q.set('x', view.x);
  if (view.split !== 'test') q.set('split', view.split);
  if (view.dm) q.set('dm', view.dm);
  if (view.ds !== null) q.set('ds', String(view.ds));
  if (view.rm) q.set('rm', view.rm);
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
