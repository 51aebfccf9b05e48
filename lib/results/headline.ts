/**
 * The headline of a results table: which methods come closest to the retrained model, on the
 * criteria the scenario's category cares about, each stated in words. Methods whose 95%
 * intervals overlap the best one's are named with it: with a few seeds they are not
 * distinguishable, and a headline should not pretend otherwise.
 */
import { AVERAGE_GAP_KEY, FORGET_QUALITY_KEY, metricInfo } from './catalogue';
import type { ResultRow, ResultsTable, Stat } from './aggregate';
import { formatGap, formatValue } from './format';

export interface Criterion {
  id: string;
  /** The criterion in words, e.g. "smallest average gap to retrain". */
  statement: string;
  metricKey: string;
  useGap: boolean;
  sense: 'min' | 'max';
  /** Only methods that lose at most this much test accuracy against the original qualify. */
  maxTestAccuracyLoss?: number;
}

export interface CriterionResult {
  criterion: Criterion;
  /** Best first; the best and those tied with it (overlapping intervals). */
  winners: Array<{ rowKey: string; label: string; mean: number; halfWidth: number | null }>;
  /** Rows left out by the accuracy limit. */
  excluded: string[];
  sentence: string;
}

export interface Headline {
  criteria: CriterionResult[];
}

const ONE_POINT = 0.01;

/** The category's criteria that the data supports, most important first. */
export function criteriaFor(table: Pick<ResultsTable, 'metrics' | 'category'>): Criterion[] {
  const has = (k: string) => table.metrics.includes(k);
  const out: Criterion[] = [];
  if (has(AVERAGE_GAP_KEY)) {
    out.push({ id: 'average-gap', statement: 'smallest average gap to retrain (forget, retain and test accuracy and membership score)', metricKey: AVERAGE_GAP_KEY, useGap: false, sense: 'min' });
  }
  switch (table.category) {
    case 'privacy':
      if (has(FORGET_QUALITY_KEY)) {
        out.push({ id: 'forget-quality', statement: 'best forget quality with at most 1 point test-accuracy loss', metricKey: FORGET_QUALITY_KEY, useGap: false, sense: 'max', maxTestAccuracyLoss: ONE_POINT });
      }
      if (has('mia.loss.auc')) out.push({ id: 'mia-auc', statement: 'smallest gap to retrain in membership-inference AUC', metricKey: 'mia.loss.auc', useGap: true, sense: 'min' });
      break;
    case 'security':
      if (has('backdoor.attackSuccessRate')) {
        out.push({ id: 'backdoor', statement: 'lowest backdoor attack success with at most 1 point clean-accuracy loss', metricKey: 'backdoor.attackSuccessRate', useGap: false, sense: 'min', maxTestAccuracyLoss: ONE_POINT });
      } else if (has('accuracy.forget')) {
        out.push({ id: 'poison-acc', statement: 'smallest gap to retrain in accuracy on the poisoned rows', metricKey: 'accuracy.forget', useGap: true, sense: 'min' });
      }
      break;
    case 'fidelity': {
      const fair = table.metrics.find((k) => /^fairness\.test\..+\.accuracyGap$/.test(k));
      if (fair) out.push({ id: 'group-gap', statement: `smallest ${metricInfo(fair).label.toLowerCase()} with at most 1 point test-accuracy loss`, metricKey: fair, useGap: false, sense: 'min', maxTestAccuracyLoss: ONE_POINT });
      break;
    }
    case 'usability':
    default:
      if (has('accuracy.forget')) out.push({ id: 'forget-acc', statement: 'smallest forget-accuracy gap to retrain with at most 1 point test-accuracy loss', metricKey: 'accuracy.forget', useGap: true, sense: 'min', maxTestAccuracyLoss: ONE_POINT });
  }
  return out;
}

function statOf(row: ResultRow, c: Criterion): Stat | undefined {
  return c.useGap ? row.gaps[c.metricKey] : row.values[c.metricKey];
}

function overlaps(a: Stat, b: Stat): boolean {
  if (a.ciLow === null || a.ciHigh === null || b.ciLow === null || b.ciHigh === null) return a.mean === b.mean;
  return a.ciLow <= b.ciHigh && b.ciLow <= a.ciHigh;
}

function show(c: Criterion, mean: number): string {
  return c.useGap ? formatGap(c.metricKey, mean) : formatValue(c.metricKey, mean);
}

function nameOf(row: ResultRow): string {
  return row.detail ? `${row.label} (${row.detail})` : row.label;
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The candidates: unlearned rows of the last request (the hardest), never the baseline itself. */
function candidates(table: Pick<ResultsTable, 'rows'>): ResultRow[] {
  const methods = table.rows.filter((r) => !r.baseline && r.kind === 'unlearned' && r.runsSucceeded > 0);
  const last = Math.max(-1, ...methods.map((r) => r.requestIndex));
  return methods.filter((r) => r.requestIndex === last);
}

function originalTestAccuracy(table: Pick<ResultsTable, 'rows'>, row: ResultRow): number | null {
  const original = table.rows.find((r) => r.kind === 'original' && r.studyId === row.studyId && r.values['accuracy.test']?.mean !== undefined);
  return original?.values['accuracy.test']?.mean ?? null;
}

export function evaluateCriterion(table: Pick<ResultsTable, 'rows'>, c: Criterion): CriterionResult {
  const all = candidates(table);
  const excluded: string[] = [];
  const eligible = all.filter((r) => {
    if (c.maxTestAccuracyLoss === undefined) return true;
    const before = originalTestAccuracy(table, r);
    const after = r.values['accuracy.test']?.mean ?? null;
    const ok = before === null || after === null || before - after <= c.maxTestAccuracyLoss + 1e-12;
    if (!ok) excluded.push(r.key);
    return ok;
  });
  const scored = (rows: ResultRow[]) =>
    rows
      .map((r) => ({ row: r, stat: statOf(r, c) }))
      .filter((x): x is { row: ResultRow; stat: Stat & { mean: number } } => x.stat !== undefined && x.stat.mean !== null)
      .sort((a, b) => (c.sense === 'min' ? a.stat.mean - b.stat.mean : b.stat.mean - a.stat.mean));
  const ranked = scored(eligible);
  if (ranked.length === 0) {
    const fallback = scored(all);
    const sentence =
      all.length === 0
        ? `No method has results yet to compare on the ${c.statement}.`
        : fallback.length && c.maxTestAccuracyLoss !== undefined
          ? `No method keeps test accuracy within ${c.maxTestAccuracyLoss * 100} point of the original model; without that limit, ${nameOf(fallback[0].row)} is best at ${show(c, fallback[0].stat.mean)}.`
          : `No method has a value for the ${c.statement}.`;
    return { criterion: c, winners: [], excluded, sentence };
  }
  const best = ranked[0];
  const tied = ranked.filter((x, i) => i === 0 || overlaps(x.stat, best.stat));
  const winners = tied.map((x) => ({ rowKey: x.row.key, label: nameOf(x.row), mean: x.stat.mean, halfWidth: x.stat.halfWidth }));
  const seeds = best.stat.n;
  const interval = best.stat.ciLow !== null && best.stat.ciHigh !== null ? `, 95% CI ${show(c, best.stat.ciLow)} to ${show(c, best.stat.ciHigh)}` : '';
  const first = `${nameOf(best.row)} (${show(c, best.stat.mean)}${interval}, ${seeds} ${c.metricKey === FORGET_QUALITY_KEY ? 'models' : seeds === 1 ? 'seed' : 'seeds'})`;
  const others = tied.slice(1).map((x) => `${nameOf(x.row)} (${show(c, x.stat.mean)})`);
  const sentence = others.length
    ? `Closest to retrain by ${c.statement}: ${listNames([first, ...others])}; their 95% intervals overlap, so the seeds do not separate them.`
    : `Closest to retrain by ${c.statement}: ${first}.`;
  return { criterion: c, winners, excluded, sentence };
}

export function headline(table: Pick<ResultsTable, 'rows' | 'metrics' | 'category'>): Headline {
  return { criteria: criteriaFor(table).map((c) => evaluateCriterion(table, c)) };
}
