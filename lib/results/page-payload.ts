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
import type { IntervalMethod } from '@/lib/metrics/bounded-interval';
import type { ResultRow, ResultsCharts, ResultsTable, Stat } from './aggregate';
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
  const sweeps = data.table.sweeps?.map((g) => ({ ...g, points: g.points.map((p) => ({ ...p, mean: significant(p.mean), sd: significant(p.sd), min: significant(p.min), max: significant(p.max) })) }));
  return { ...data, table: { ...data.table, rows, charts: { ...data.table.charts, roc }, ...(sweeps ? { sweeps } : {}) } };
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
 * A statistic as a first view carries it: n, mean, half-width, bounds, interval method and
 * whether it is rough (1). Next.js writes a page's props into its HTML as a JSON string inside a
 * script, where every key's quotes are escaped: keys were a third of a 32x10 study's first view.
 */
export type PackedStat = [n: number, mean: number | null, halfWidth: number | null, ciLow: number | null, ciHigh: number | null, interval: IntervalMethod | null, rough: 0 | 1];

/**
 * A row as a first view carries it: packed statistics, and without what the table already says
 * (its seeds when they are the table's, its study when the table holds one).
 */
type PackedRow = Omit<ResultRow, 'values' | 'gaps' | 'seeds' | 'studyId' | 'studyName'> &
  Partial<Pick<ResultRow, 'seeds' | 'studyId' | 'studyName'>> & { values: Record<string, PackedStat>; gaps: Record<string, PackedStat> };

/** A dashboard's first view (firstViewPayload), as a page hands it to the client; unpackFirstView reads it. */
export type FirstView = Omit<ResultsData, 'table' | 'complete'> & { complete: false; table: Omit<ResultsTable, 'rows'> & { rows: PackedRow[] } };

const packStats = (stats: Record<string, Stat>, keys: readonly string[]): Record<string, PackedStat> =>
  Object.fromEntries(keys.filter((k) => stats[k]).map((k) => {
    const s = stats[k];
    return [k, [s.n, s.mean, s.halfWidth, s.ciLow, s.ciHigh, s.interval, s.rough ? 1 : 0]];
  }));

// The table shows a mean and its interval; the deviation only feeds charts and exports.
const unpackStats = (stats: Record<string, PackedStat>): Record<string, Stat> =>
  Object.fromEntries(Object.entries(stats).map(([k, [n, mean, halfWidth, ciLow, ciHigh, interval, rough]]) => [k, { n, mean, sd: null, halfWidth, ciLow, ciHigh, interval, rough: rough === 1 }]));

export function isFirstView(data: ResultsData | FirstView): data is FirstView {
  return data.complete === false;
}

/**
 * What a dashboard's first HTML carries: the headline, the verdict and the table's rows over the
 * columns the view shows (means and intervals, packed; no deviations), without the other metrics,
 * the rows' run ids, the charts' series, the verdict's methods that get no badge or their stats,
 * or the null and noise floor of its other metrics. The dashboard loads the rest
 * (RestOfResults) after the page and says so until it has it.
 */
export function firstViewPayload(data: ResultsData, columns: readonly string[]): FirstView {
  const oneStudy = data.studies.length === 1;
  const tableSeeds = data.table.seeds.join();
  const rows: PackedRow[] = data.table.rows.map(({ seeds, studyId, studyName, ...r }) => ({
    ...r,
    ...(seeds.join() === tableSeeds ? {} : { seeds }),
    ...(oneStudy ? {} : { studyId, studyName }),
    runIds: [],
    values: packStats(r.values, columns),
    gaps: packStats(r.gaps, columns),
  }));
  // The dashboard reads of a verdict's methods only why one gets no badge (those that get none);
  // their stats are the API's. Its null and noise floor shows the key and criteria metrics
  // first; every metric's comes with the rest. The criteria's sentences are the headline's
  // (the verdict's own are for the deletion report): only their metrics are read here.
  const verdicts = data.headline.verdicts.map((v) => {
    const shown = new Set([...data.table.keyMetrics, ...v.criteria.map((c) => c.metricKey)]);
    return {
      ...v,
      criteria: v.criteria.map((c) => ({ ...c, sentence: '' })),
      metrics: v.metrics.filter((m) => shown.has(m.key)),
      methods: v.methods.filter((m) => m.disqualified.length).map((m) => ({ ...m, gaps: {}, values: {} })),
    };
  });
  return { ...data, complete: false, table: { ...data.table, rows, charts: NO_CHARTS }, headline: { ...data.headline, verdicts } };
}

/** The first view as the dashboard renders it (complete: false until the rest has loaded). */
export function unpackFirstView(view: FirstView): ResultsData {
  const [study] = view.studies;
  const rows: ResultRow[] = view.table.rows.map((r) => ({
    ...r,
    seeds: r.seeds ?? view.table.seeds,
    studyId: r.studyId ?? study.id,
    studyName: r.studyName ?? study.name,
    values: unpackStats(r.values),
    gaps: unpackStats(r.gaps),
  }));
  return { ...view, table: { ...view.table, rows } };
}
