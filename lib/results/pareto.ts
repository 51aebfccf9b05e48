/**
 * The Pareto front of a forgetting-vs-utility trade-off: the points no other point beats on
 * both axes at once. A method off the front is dominated: another one forgets at least as well
 * and keeps at least as much utility, strictly better on one of them.
 */
import { AVERAGE_GAP_KEY, FORGET_QUALITY_KEY, metricInfo, type ScenarioCategory } from './catalogue';
import type { ResultRow, ResultsTable } from './aggregate';

export type Sense = 'min' | 'max';

export interface ParetoPoint {
  id: string;
  x: number;
  y: number;
}

function better(a: number, b: number, sense: Sense): boolean {
  return sense === 'min' ? a < b : a > b;
}

function dominates(a: ParetoPoint, b: ParetoPoint, sense: { x: Sense; y: Sense }): boolean {
  const noWorse = !better(b.x, a.x, sense.x) && !better(b.y, a.y, sense.y);
  return noWorse && (better(a.x, b.x, sense.x) || better(a.y, b.y, sense.y));
}

/** Ids of the non-dominated points, ordered along the x axis. Equal points are all kept. */
export function paretoFront(points: readonly ParetoPoint[], sense: { x: Sense; y: Sense }): string[] {
  return points
    .filter((p) => !points.some((q) => q !== p && dominates(q, p, sense)))
    .sort((a, b) => a.x - b.x || a.y - b.y)
    .map((p) => p.id);
}

export interface TradeoffAxis {
  id: string;
  label: string;
  metricKey: string;
  /** Plot the gap to the baseline instead of the value. */
  useGap: boolean;
  sense: Sense;
}

/** Forgetting axes the data supports, the category's preferred one first. */
export function tradeoffAxes(table: Pick<ResultsTable, 'metrics' | 'category'>): TradeoffAxis[] {
  const has = (k: string) => table.metrics.includes(k);
  const axes: TradeoffAxis[] = [];
  const add = (a: TradeoffAxis) => {
    if (has(a.metricKey) && !axes.some((x) => x.id === a.id)) axes.push(a);
  };
  const byCategory: Record<ScenarioCategory, TradeoffAxis[]> = {
    privacy: [
      { id: 'forget-quality', label: 'Forget quality (higher is better)', metricKey: FORGET_QUALITY_KEY, useGap: false, sense: 'max' },
      { id: 'mia-auc-gap', label: 'MIA AUC gap to retrain (lower is better)', metricKey: 'mia.loss.auc', useGap: true, sense: 'min' },
    ],
    security: [{ id: 'backdoor', label: 'Backdoor attack success (lower is better)', metricKey: 'backdoor.attackSuccessRate', useGap: false, sense: 'min' }],
    usability: [{ id: 'forget-acc-gap', label: 'Forget-accuracy gap to retrain (lower is better)', metricKey: 'accuracy.forget', useGap: true, sense: 'min' }],
    fidelity: table.metrics
      .filter((k) => /^fairness\.test\..+\.accuracyGap$/.test(k))
      .map((k) => ({ id: `fair:${k}`, label: `${metricInfo(k).label} (lower is better)`, metricKey: k, useGap: false, sense: 'min' as const })),
  };
  if (table.category) for (const a of byCategory[table.category]) add(a);
  add({ id: 'average-gap', label: 'Average gap to retrain (lower is better)', metricKey: AVERAGE_GAP_KEY, useGap: false, sense: 'min' });
  add({ id: 'mia-auc-gap', label: 'MIA AUC gap to retrain (lower is better)', metricKey: 'mia.loss.auc', useGap: true, sense: 'min' });
  add({ id: 'forget-acc-gap', label: 'Forget-accuracy gap to retrain (lower is better)', metricKey: 'accuracy.forget', useGap: true, sense: 'min' });
  add({ id: 'forget-quality', label: 'Forget quality (higher is better)', metricKey: FORGET_QUALITY_KEY, useGap: false, sense: 'max' });
  return axes;
}

export interface TradeoffPoint {
  rowKey: string;
  label: string;
  kind: ResultRow['kind'];
  x: number;
  xHalfWidth: number | null;
  y: number;
  yHalfWidth: number | null;
  seconds: number | null;
  onFront: boolean;
}

/** Points of the trade-off chart (utility = test accuracy) with the front marked; originals left out (they have not forgotten). */
export function tradeoffPoints(rows: readonly ResultRow[], axis: TradeoffAxis): TradeoffPoint[] {
  const points: TradeoffPoint[] = [];
  for (const r of rows) {
    if (r.kind === 'original') continue;
    const x = axis.useGap ? r.gaps[axis.metricKey] : r.values[axis.metricKey];
    // The baseline's gap to itself is 0 by definition even where the gap table has no entry.
    const xMean = x?.mean ?? (axis.useGap && r.baseline ? 0 : null);
    const y = r.values['accuracy.test'];
    if (xMean === null || !y || y.mean === null) continue;
    points.push({
      rowKey: r.key,
      label: r.detail ? `${r.label} (${r.detail})` : r.label,
      kind: r.kind,
      x: xMean,
      xHalfWidth: x?.halfWidth ?? null,
      y: y.mean,
      yHalfWidth: y.halfWidth,
      seconds: r.values['timing.seconds']?.mean ?? null,
      onFront: false,
    });
  }
  const front = new Set(paretoFront(points.map((p) => ({ id: p.rowKey, x: p.x, y: p.y })), { x: axis.sense, y: 'max' }));
  for (const p of points) p.onFront = front.has(p.rowKey);
  return points;
}
