/**
 * The results data as a page hands it to the client dashboard (what Next.js writes into the
 * HTML), smaller than the API's: the API keeps full precision for scripts and exports, while a
 * page only draws and prints. Two things made most of a dashboard's bytes:
 * - ROC curves: ~200 points a run at 17 digits, mostly runs of equal x or equal y (a ROC curve
 *   is a staircase). Points inside such a run add nothing to a straight-line plot and are
 *   dropped; coordinates keep 4 decimals (a hundredth of a pixel on any chart here).
 * - Summary statistics: 16-digit means, deviations and bounds, shown with at most 4 significant
 *   digits; they keep 6.
 * Pure: no I/O.
 */
import type { ResultRow, ResultsCharts, Stat } from './aggregate';
import type { ResultsData } from './study-results-service';
import type { ViewState } from './view-state';

const STAT_DIGITS = 6;
const ROC_DECIMALS = 4;

function significant(x: number | null): number | null {
  return x === null || x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(STAT_DIGITS));
}

function compactStat(s: Stat): Stat {
  return { ...s, mean: significant(s.mean), sd: significant(s.sd), halfWidth: significant(s.halfWidth), ciLow: significant(s.ciLow), ciHigh: significant(s.ciHigh) };
}

function compactStats(stats: Record<string, Stat>): Record<string, Stat> {
  return Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, compactStat(s)]));
}

/** Rounds, drops repeated points, then keeps the first and last point and every corner of the staircase. */
export function thinCurve(points: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const scale = 10 ** ROC_DECIMALS;
  const distinct: Array<[number, number]> = [];
  for (const [x, y] of points) {
    const p: [number, number] = [Math.round(x * scale) / scale, Math.round(y * scale) / scale];
    const last = distinct[distinct.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) distinct.push(p);
  }
  return distinct.filter((p, i) => {
    if (i === 0 || i === distinct.length - 1) return true;
    const a = distinct[i - 1];
    const b = distinct[i + 1];
    return !((a[0] === p[0] && p[0] === b[0]) || (a[1] === p[1] && p[1] === b[1]));
  });
}

export function pagePayload(data: ResultsData): ResultsData {
  const rows: ResultRow[] = data.table.rows.map((r) => ({ ...r, values: compactStats(r.values), gaps: compactStats(r.gaps) }));
  const roc = data.table.charts.roc.map((c) => ({ ...c, points: thinCurve(c.points) }));
  return { ...data, table: { ...data.table, rows, charts: { ...data.table.charts, roc } } };
}

/** Where a dashboard loads the rest of its data after its first view: a study's results API, or a share link's. */
export interface RestOfResults {
  url: string;
  /** `results`: the body is the results; `shared`: they are under shared.results (GET /shared/{token}). */
  shape: 'results' | 'shared';
}

/** The columns a view shows first: its chosen ones (or the table's defaults) and the one it sorts by. */
export function firstViewColumns(data: ResultsData, view: ViewState): string[] {
  const metrics = data.table.metrics;
  const chosen = view.cols?.filter((c) => metrics.includes(c)) ?? data.table.defaultColumns;
  return view.sort && metrics.includes(view.sort.key) && !chosen.includes(view.sort.key) ? [...chosen, view.sort.key] : chosen;
}

const NO_CHARTS: ResultsCharts = { exampleSeed: null, perClass: { forget: [], retain: [], test: [] }, fairness: [], roc: [], curves: [] };

/**
 * What a dashboard's first HTML carries: the headline, the verdict and the table's rows over the
 * columns the view shows (means and intervals, no deviations), without the other metrics, the
 * rows' run ids, the charts' series, the verdict's methods that get no badge or their stats, or
 * the null and noise floor of its other metrics: a fifth of a 32-seed x 10-method study's page
 * payload. The dashboard loads the rest (RestOfResults) after the page and says so until it has
 * it; `complete` is false here.
 */
export function firstViewPayload(data: ResultsData, columns: readonly string[]): ResultsData {
  // The table shows a mean and its interval; the deviation only feeds charts and exports.
  const keep = (stats: Record<string, Stat>) => Object.fromEntries(columns.filter((k) => stats[k]).map((k) => [k, { ...stats[k], sd: null }]));
  const rows: ResultRow[] = data.table.rows.map((r) => ({ ...r, runIds: [], values: keep(r.values), gaps: keep(r.gaps) }));
  // The dashboard reads of a verdict's methods only why one gets no badge (those that get none);
  // their stats are the API's. Its null and noise floor shows the key and criteria metrics
  // first; every metric's comes with the rest.
  const verdicts = data.headline.verdicts.map((v) => {
    const shown = new Set([...data.table.keyMetrics, ...v.criteria.map((c) => c.metricKey)]);
    return { ...v, metrics: v.metrics.filter((m) => shown.has(m.key)), methods: v.methods.filter((m) => m.disqualified.length).map((m) => ({ ...m, gaps: {}, values: {} })) };
  });
  return { ...data, complete: false, table: { ...data.table, rows, charts: NO_CHARTS }, headline: { ...data.headline, verdicts } };
}
