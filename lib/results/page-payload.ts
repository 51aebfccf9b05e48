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
import type { ResultRow, Stat } from './aggregate';
import type { ResultsData } from './study-results-service';

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
