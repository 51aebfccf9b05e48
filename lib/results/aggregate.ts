/**
 * The results table of a study (or of a comparison of runs across studies): one row per model
 * kind, method configuration and deletion request, with the mean and 95% interval over seeds of
 * every scalar metric, as a value and as a gap to the baseline (the retrained model of the same
 * study and request, or a pinned baseline row in a comparison). Pure: runs in, JSON out.
 *
 * Gaps are taken per seed, |metric(run of seed s) − metric(baseline run of seed s)|, then
 * summarised over seeds, which is how the unlearning papers report them (and matches the gaps
 * the job stores in each run's metrics). A seed the baseline lacks is compared with the
 * baseline's mean. So the baseline's gap to itself is exactly zero.
 */
import { forgetQualityNotComputable } from '@/lib/metrics/distinguishability';
import type { ModelMetricsRecord } from '@/lib/metrics/evaluate-model';
import { STANDARD_GAP_KEYS } from '@/lib/metrics/gaps';
import { describeReferenceKinds, uploadedRowNote } from '@/lib/studies/external-reference';
import { boundedSummary, geometricMeanSummary, tSummary, type IntervalMethod } from '@/lib/metrics/bounded-interval';
import type { StudyMethod, StudyValidation } from '@/db/schema';
import { configKey } from './config-key';
import { sweepChoiceLabel, type SweepGroup } from './sweep';
import { AVERAGE_GAP_KEY, defaultColumns, FINAL_SCORE_KEY, FORGET_QUALITY_KEY, intervalKind, keyMetrics, metricInfo, orderMetrics, type ScenarioCategory } from './catalogue';

/** What runs.metrics holds: the metrics record without per-example values (those are an artifact). */
export type StoredMetrics = Omit<ModelMetricsRecord, 'perExample'>;

/**
 * The parts of a stored record a results table reads (db/queries/comparisons selects only these):
 * scalars, per-class accuracy, per-group accuracy on the test set, the loss attack's ROC curve.
 */
export interface ResultMetrics {
  scalars: StoredMetrics['scalars'];
  perClassAccuracy?: StoredMetrics['perClassAccuracy'];
  fairness?: { test?: Array<Pick<StoredMetrics['fairness']['test'][number], 'attribute' | 'accuracy'>> };
  membershipInference?: {
    lossThreshold?: Pick<StoredMetrics['membershipInference']['lossThreshold'], 'auc' | 'curve'>;
    /** Absent in records stored before the attack matched its non-members to the forget set. */
    population?: Pick<StoredMetrics['membershipInference']['population'], 'kind' | 'description'>;
  };
}

export interface CurvePoint {
  epoch: number;
  phase: string;
  loss: number;
}

export interface ResultRunInput {
  id: string;
  studyId: string;
  kind: 'original' | 'retrain' | 'unlearned';
  variant: string;
  methodId: string | null;
  methodConfig: Record<string, unknown> | null;
  seed: number;
  requestIndex: number;
  status: string;
  metrics: ResultMetrics | null;
  /** Training or unlearning curve (runs.progressDetail.curve), for the curves chart. */
  curve?: CurvePoint[] | null;
  /** An uploaded run: what was uploaded, and (an unlearned one) which retrain it was scored against. */
  external?: { source: 'model' | 'logits'; reference: 'own-retrain' | 'lethe-retrain' };
}

/** The study's summary entry of one method configuration (lib/studies/progress MethodSummary). */
export interface MethodSummaryInput {
  methodId: string;
  config: Record<string, unknown> | null;
  requestIndex: number;
  seeds: number;
  /**
   * forgetQuality / finalScore are null when not computable (N = 2: ε ceiling 0); summaries
   * stored before that rule carry 0 there, so the ceiling decides, not the stored value.
   */
  distinguishability: { numModels: number; epsilonCeiling: number; forgetQuality: number | null; finalScore: number | null; notComputable?: string | null } | null;
  note?: string;
}

export interface StudyInput {
  id: string;
  name: string;
  category: ScenarioCategory | null;
  /** Method order as the study lists them (rows follow it); sweep points carry their tag. */
  methods: StudyMethod[];
  summary: { methods?: MethodSummaryInput[] } | null;
  /** A sweeping study's validation split. */
  validation?: StudyValidation | null;
}

/**
 * Mean and 95% interval over seeds; no interval (null) with one value. The interval respects
 * the metric's bounds (catalogue intervalKind): percentile bootstrap for shares, AUCs and gaps
 * (from 10 seeds on the t interval clipped to the bounds),
 * geometric mean with a log-scale t interval for speedups, Student t for unbounded metrics.
 * `halfWidth` is half the interval's width (the interval need not be symmetric).
 */
export interface Stat {
  n: number;
  mean: number | null;
  sd: number | null;
  halfWidth: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** How the interval was computed; null when there is none (fewer than 2 values). */
  interval: IntervalMethod | null;
  /** Fewer than 5 values: the interval is rough. */
  rough: boolean;
}

/** Runs by how far they got: unfinished ones are on their way, not failures. */
export interface RunCounts {
  total: number;
  succeeded: number;
  /** Running now. */
  running: number;
  /** Waiting for earlier runs or queued for a worker. */
  queued: number;
  failed: number;
  cancelled: number;
}

export function countRuns(runs: ReadonlyArray<{ status: string }>): RunCounts {
  const c: RunCounts = { total: runs.length, succeeded: 0, running: 0, queued: 0, failed: 0, cancelled: 0 };
  for (const r of runs) {
    if (r.status === 'succeeded') c.succeeded++;
    else if (r.status === 'running') c.running++;
    else if (r.status === 'queued' || r.status === 'waiting') c.queued++;
    else if (r.status === 'failed') c.failed++;
    else c.cancelled++;
  }
  return c;
}

/** The counts of several rows together (a dashboard's runs are its rows' runs). */
export function sumRunCounts(counts: readonly RunCounts[]): RunCounts {
  const sum: RunCounts = { total: 0, succeeded: 0, running: 0, queued: 0, failed: 0, cancelled: 0 };
  for (const c of counts) for (const k of Object.keys(sum) as Array<keyof RunCounts>) sum[k] += c[k];
  return sum;
}

/**
 * "3 of 18 runs still running, 2 failed and 1 cancelled": the runs that are not (yet) in the
 * means, unfinished ones said apart from failed ones. Null when every run succeeded.
 */
export function runCountsSentence(c: RunCounts): string | null {
  const unfinished = c.running + c.queued;
  const state = c.running && c.queued ? 'still running or queued' : c.running ? 'still running' : 'still queued';
  const parts = [unfinished ? [unfinished, state] : null, c.failed ? [c.failed, 'failed'] : null, c.cancelled ? [c.cancelled, 'cancelled'] : null].filter((p): p is [number, string] => p !== null);
  if (!parts.length) return null;
  const [first, ...rest] = parts.map(([n, what], i) => (i === 0 ? `${n} of ${c.total} run${c.total === 1 ? '' : 's'} ${what}` : `${n} ${what}`));
  return rest.length ? `${[first, ...rest.slice(0, -1)].join(', ')} and ${rest[rest.length - 1]}` : first;
}

/** The table's note on runs left out of the means; says when the rest is still coming. */
export function runCountsNote(c: RunCounts, inMeans: number): string | null {
  const sentence = runCountsSentence(c);
  if (!sentence) return null;
  const unfinished = c.running + c.queued;
  return `${sentence}; the means use the ${inMeans} that succeeded${unfinished ? ' so far and update as the others finish' : ''}.`;
}

export interface ResultRow {
  key: string;
  label: string;
  /** What tells this row apart from others of the same method: config, request, study. */
  detail: string;
  kind: ResultRunInput['kind'];
  variant: string;
  methodId: string | null;
  methodConfig: Record<string, unknown> | null;
  requestIndex: number;
  studyId: string;
  studyName: string;
  /** Pinned rows stay on top whatever the sort: originals and the baseline. */
  pinned: boolean;
  baseline: boolean;
  /** The row whose values the gaps are taken to (null: none, e.g. a study without a retrain yet). */
  baselineKey: string | null;
  runIds: string[];
  seeds: number[];
  runsTotal: number;
  runsSucceeded: number;
  /** All this row's runs by status (runsSucceeded counts only those with metrics). */
  runCounts: RunCounts;
  values: Record<string, Stat>;
  gaps: Record<string, Stat>;
  /** N models per side and the ε ceiling of the forget quality; notComputable says why F is missing. */
  distinguishability: { numModels: number; epsilonCeiling: number; notComputable: string | null } | null;
  note: string | null;
}

export interface ClassSeries {
  classIndex: number;
  name: string;
  /** Mean accuracy over seeds per row key. */
  values: Record<string, number | null>;
}

export interface ResultsCharts {
  /** The seed whose single runs feed the ROC curves and training curves (the smallest one). */
  exampleSeed: number | null;
  perClass: Record<'forget' | 'retain' | 'test', ClassSeries[]>;
  fairness: Array<{ attribute: string; split: 'test'; groups: Array<{ name: string; values: Record<string, number | null> }> }>;
  /** population: which test rows were the non-members (null: an older record that used all test rows). */
  roc: Array<{ rowKey: string; runId: string; seed: number; auc: number; population: string | null; points: Array<[number, number]> }>;
  curves: Array<{ rowKey: string; runId: string; seed: number; points: CurvePoint[] }>;
}

/**
 * One run of a row (a seed), for per-seed exports: its stored scalars and its gaps to the
 * baseline run of the same seed, the numbers the row's means and intervals summarise. Runs that
 * did not succeed are listed with their status and no values.
 */
export interface SeedRow {
  rowKey: string;
  runId: string;
  seed: number;
  status: string;
  values: Record<string, number>;
  gaps: Record<string, number>;
}

export interface ResultsTable {
  category: ScenarioCategory | null;
  /** Every metric some row has, category key metrics first. */
  metrics: string[];
  keyMetrics: string[];
  defaultColumns: string[];
  rows: ResultRow[];
  requests: number;
  seeds: number[];
  baselineLabel: string;
  notes: string[];
  charts: ResultsCharts;
  /** Every run of every row, only when asked for (AggregateOptions.perSeed): pages do not need it. */
  seedRows?: SeedRow[];
  /** The hyperparameter sweeps of the studies and their choices (absent without a sweep). */
  sweeps?: SweepGroup[];
}

export interface AggregateOptions {
  studies: StudyInput[];
  runs: ResultRunInput[];
  /** Method id to display name. */
  methodNames?: Record<string, string>;
  classNames?: string[];
  /**
   * 'study': each row's baseline is the retrain row of its study and request (a dashboard);
   * a run id: the row holding that run is the baseline of every row (a comparison).
   */
  baseline?: 'study' | { runId: string };
  /** Also list every run with its per-seed values and gaps (exports). */
  perSeed?: boolean;
  /**
   * The studies' sweeps (lib/results/sweep selectSweeps); `runs` must already be keepChosenRuns'
   * (buildResults does both). The chosen point's row says it was chosen, and at which setting.
   */
  sweeps?: SweepGroup[];
}

const EMPTY_STAT: Stat = { n: 0, mean: null, sd: null, halfWidth: null, ciLow: null, ciHigh: null, interval: null, rough: true };

/** Summary over seeds of metric `key` (its value, or with asGap its gap to the baseline). */
export function statOf(values: ReadonlyArray<number | null>, key: string, asGap = false): Stat {
  const how = intervalKind(key, asGap);
  // A stored ratio that is not positive (a run timed at 0 s) cannot enter a geometric mean: it is left out, not fatal to the page.
  const s = how.kind === 'bootstrap' ? boundedSummary(values, how.bounds) : how.kind === 'geometric' ? geometricMeanSummary(values.map((v) => (v !== null && v > 0 ? v : null))) : tSummary(values);
  return { n: s.n, mean: s.mean, sd: s.sd, halfWidth: s.halfWidth, ciLow: s.ciLow, ciHigh: s.ciHigh, interval: s.ciLow === null ? null : s.method, rough: s.rough };
}

export { configKey };

function rowKeyOf(run: ResultRunInput, withStudy: boolean): string {
  const study = withStudy ? `${run.studyId}:` : '';
  if (run.kind === 'original') return `${study}original:${run.variant}:r${run.requestIndex}`;
  if (run.kind === 'retrain') return run.variant === 'standard' ? `${study}retrain:r${run.requestIndex}` : `${study}retrain:${run.variant}:${configKey(run.methodConfig)}:r${run.requestIndex}`;
  return `${study}${run.methodId}:${configKey(run.methodConfig)}:r${run.requestIndex}`;
}

function short(value: unknown): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(3)));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * "lr 0.001, epochs 3": for items grouped by method (`group`), the config entries that differ
 * within their group; items whose group has a single config get none.
 */
export function differingConfigLabels(items: ReadonlyArray<{ key: string; group: string; config: Record<string, unknown> | null }>): Map<string, string> {
  const out = new Map<string, string>();
  const byGroup = new Map<string, Array<(typeof items)[number]>>();
  for (const item of items) byGroup.set(item.group, [...(byGroup.get(item.group) ?? []), item]);
  for (const group of byGroup.values()) {
    const configs = [...new Set(group.map((r) => configKey(r.config)))];
    if (configs.length < 2) continue;
    const keys = new Set(group.flatMap((r) => Object.keys(r.config ?? {})));
    const differing = [...keys].filter((k) => new Set(group.map((r) => JSON.stringify(r.config?.[k]))).size > 1).sort();
    for (const r of group) out.set(r.key, differing.map((k) => `${k} ${short(r.config?.[k])}`).join(', '));
  }
  return out;
}

function configDifferences(rows: ResultRow[]): Map<string, string> {
  return differingConfigLabels(rows.filter((r) => r.kind === 'unlearned').map((r) => ({ key: r.key, group: `${r.studyId}:${r.methodId}`, config: r.methodConfig })));
}

function kindOrder(r: ResultRow): number {
  if (r.kind === 'original') return 0;
  if (r.kind === 'retrain') return 1;
  return 2;
}

export function aggregateResults(options: AggregateOptions): ResultsTable {
  const studies = new Map(options.studies.map((s) => [s.id, s]));
  const multiStudy = new Set(options.runs.map((r) => r.studyId)).size > 1;
  const names = options.methodNames ?? {};
  const requests = options.runs.reduce((m, r) => Math.max(m, r.requestIndex + 1), 0);
  const notes: string[] = [];

  // Group runs into rows.
  const grouped = new Map<string, ResultRunInput[]>();
  for (const run of options.runs) {
    const key = rowKeyOf(run, multiStudy);
    grouped.set(key, [...(grouped.get(key) ?? []), run]);
  }
  const rows: ResultRow[] = [];
  for (const [key, runs] of grouped) {
    const first = runs[0];
    const study = studies.get(first.studyId);
    const ok = runs.filter((r) => r.status === 'succeeded' && r.metrics).sort((a, b) => a.seed - b.seed);
    const label =
      first.kind === 'original'
        ? first.variant !== 'standard' ? `Original (${first.variant})` : 'Original'
        : first.kind === 'retrain' ? (first.variant !== 'standard' ? `Retrain (${first.variant})` : 'Retrain') : (names[first.methodId ?? ''] ?? first.methodId ?? 'Method');
    rows.push({
      key,
      label,
      detail: '',
      kind: first.kind,
      variant: first.variant,
      methodId: first.methodId,
      methodConfig: first.methodConfig,
      requestIndex: first.requestIndex,
      studyId: first.studyId,
      studyName: study?.name ?? '',
      pinned: first.kind !== 'unlearned',
      baseline: false,
      baselineKey: null,
      runIds: ok.map((r) => r.id),
      seeds: ok.map((r) => r.seed),
      runsTotal: runs.length,
      runsSucceeded: ok.length,
      runCounts: countRuns(runs),
      values: {},
      gaps: {},
      distinguishability: null,
      note: null,
    });
  }
  const runsOf = new Map(rows.map((r) => [r.key, (grouped.get(r.key) ?? []).filter((x) => x.status === 'succeeded' && x.metrics).sort((a, b) => a.seed - b.seed)]));

  // Baselines.
  let fixedBaseline: string | null = null;
  if (options.baseline && options.baseline !== 'study') {
    const id = options.baseline.runId;
    fixedBaseline = rows.find((r) => (grouped.get(r.key) ?? []).some((x) => x.id === id))?.key ?? null;
  }
  for (const row of rows) {
    if (fixedBaseline) {
      row.baselineKey = fixedBaseline;
    } else {
      // A method with a retrain of its own variant (certified removal) is measured against that
      // one; everything else against the plain retrain of its study and request.
      const retrainOf = (variant: string) =>
        rows.find((r) => r.kind === 'retrain' && r.variant === variant && r.studyId === row.studyId && r.requestIndex === row.requestIndex && r.runsSucceeded > 0 && (variant === 'standard' || configKey(r.methodConfig) === configKey(row.methodConfig)));
      // An uploaded method scored against Lethe's retrain (all its seeds are) is measured against Lethe's retrain row.
      const letheReferenced = (grouped.get(row.key) ?? []).some((r) => r.kind === 'unlearned' && r.external?.reference === 'lethe-retrain');
      const retrain = (row.variant !== 'standard' && !letheReferenced ? retrainOf(row.variant) : undefined) ?? retrainOf('standard');
      row.baselineKey = retrain?.key ?? null;
    }
    row.baseline = row.baselineKey === row.key;
    if (row.baseline) row.pinned = true;
    // In a comparison with a pinned baseline, other studies' originals are ordinary rows.
    if (fixedBaseline && !row.baseline) row.pinned = false;
  }

  // Values and gaps per row.
  const keys = new Set<string>();
  const seedRowsOf = new Map<string, SeedRow[]>();
  for (const row of rows) {
    const runs = runsOf.get(row.key) ?? [];
    const seedRowOf = new Map<string, SeedRow>();
    if (options.perSeed) {
      const all = [...(grouped.get(row.key) ?? [])].sort((a, b) => a.seed - b.seed);
      const list: SeedRow[] = [];
      for (const r of all) {
        const seedRow: SeedRow = { rowKey: row.key, runId: r.id, seed: r.seed, status: r.status, values: runs.includes(r) ? { ...(r.metrics?.scalars ?? {}) } : {}, gaps: {} };
        list.push(seedRow);
        seedRowOf.set(r.id, seedRow);
      }
      seedRowsOf.set(row.key, list);
    }
    const scalarKeys = new Set<string>();
    for (const r of runs) for (const k of Object.keys(r.metrics?.scalars ?? {})) scalarKeys.add(k);
    for (const k of scalarKeys) {
      row.values[k] = statOf(runs.map((r) => r.metrics?.scalars?.[k] ?? null), k);
      keys.add(k);
    }
    const baseRuns = row.baselineKey ? (runsOf.get(row.baselineKey) ?? []) : [];
    const baseRow = rows.find((r) => r.key === row.baselineKey);
    if (!baseRow || baseRuns.length === 0) continue;
    const baseBySeed = new Map(baseRuns.map((r) => [r.seed, r.metrics?.scalars ?? {}]));
    const perRunGaps = runs.map((r) => {
      const own = r.metrics?.scalars ?? {};
      const base = baseBySeed.get(r.seed);
      const gaps: Record<string, number> = {};
      for (const k of Object.keys(own)) {
        if (!metricInfo(k).hasGap) continue;
        const b = base?.[k] ?? baseRow.values[k]?.mean ?? null;
        if (b === null || b === undefined) continue;
        gaps[k] = Math.abs(own[k] - b);
      }
      const std = STANDARD_GAP_KEYS.filter((k) => k in gaps);
      const average = std.length ? std.reduce((s, k) => s + gaps[k], 0) / std.length : null;
      const seedRow = seedRowOf.get(r.id);
      if (seedRow) {
        seedRow.gaps = gaps;
        if (average !== null) seedRow.values[AVERAGE_GAP_KEY] = average;
      }
      return { gaps, average };
    });
    const gapKeys = new Set(perRunGaps.flatMap((g) => Object.keys(g.gaps)));
    for (const k of gapKeys) row.gaps[k] = statOf(perRunGaps.map((g) => g.gaps[k] ?? null), k, true);
    if (perRunGaps.some((g) => g.average !== null)) {
      row.values[AVERAGE_GAP_KEY] = statOf(perRunGaps.map((g) => g.average), AVERAGE_GAP_KEY);
      keys.add(AVERAGE_GAP_KEY);
    }
  }

  // Distinguishability from the study summaries (one value per method configuration).
  for (const row of rows) {
    if (row.kind !== 'unlearned') continue;
    const summary = studies.get(row.studyId)?.summary?.methods?.find(
      (m) => m.methodId === row.methodId && m.requestIndex === row.requestIndex && configKey(m.config) === configKey(row.methodConfig),
    );
    if (!summary) continue;
    if (summary.distinguishability) {
      const d = summary.distinguishability;
      // With N = 2 the ceiling is 0 and every score would be 0: no value, and the reason instead.
      const notComputable = d.notComputable ?? forgetQualityNotComputable(d.numModels, d.epsilonCeiling);
      row.values[FORGET_QUALITY_KEY] = { ...EMPTY_STAT, n: d.numModels, mean: notComputable ? null : d.forgetQuality };
      row.values[FINAL_SCORE_KEY] = { ...EMPTY_STAT, n: d.numModels, mean: notComputable ? null : d.finalScore };
      row.distinguishability = { numModels: d.numModels, epsilonCeiling: d.epsilonCeiling, notComputable };
      if (notComputable) row.note = `Forget quality ${notComputable}.`;
      keys.add(FORGET_QUALITY_KEY);
      keys.add(FINAL_SCORE_KEY);
    } else if (summary.note) {
      row.note = summary.note;
    }
  }

  // Labels: config differences, request numbers, study names in comparisons (studies of the
  // same name told apart by the start of their id, the only thing certain to differ).
  const diffs = configDifferences(rows);
  const sameName = (name: string) => options.studies.filter((s) => s.name === name).length > 1;
  const studyLabel = (row: ResultRow) => (sameName(row.studyName) ? `${row.studyName} #${row.studyId.slice(0, 8)}` : row.studyName);
  for (const row of rows) {
    const parts: string[] = [];
    const d = diffs.get(row.key);
    if (d) parts.push(d);
    const ownBaseline = rows.find((r) => r.key === row.baselineKey);
    const uploaded = (grouped.get(row.key) ?? []).filter((r) => r.external);
    // An uploaded method says which retrain it was scored against (its own phrase, not the variant's).
    if (row.kind === 'unlearned' && uploaded.length) parts.push(describeReferenceKinds(new Set(uploaded.map((r) => r.external?.reference ?? 'own-retrain'))));
    else if (row.kind === 'unlearned' && ownBaseline && ownBaseline.variant !== 'standard') parts.push(`gaps to ${ownBaseline.label.toLowerCase()}, its matching retrain`);
    const sweep = row.kind === 'unlearned' ? options.sweeps?.find((g) => g.studyId === row.studyId && g.methodId === row.methodId && configKey(g.points[g.chosen].config) === configKey(row.methodConfig)) : undefined;
    if (sweep) parts.push(sweepChoiceLabel(sweep));
    if (requests > 1) parts.push(`request ${row.requestIndex + 1} of ${requests}`);
    if (multiStudy) parts.push(studyLabel(row));
    row.detail = parts.join(' · ');
    // Say why Lethe's weight-based columns are empty on uploaded rows, rather than leave blanks.
    if (uploaded.length) {
      const note = uploadedRowNote(new Set(uploaded.map((r) => r.external?.source ?? 'logits')), uploaded.every((r) => r.external?.reference === 'lethe-retrain' && r.kind === 'unlearned'));
      row.note = row.note ? `${row.note} ${note}` : note;
    }
  }

  // Order: pinned (originals, then the baseline), then the study's method order, then requests.
  const methodOrder = (row: ResultRow) => {
    const study = studies.get(row.studyId);
    const i = study?.methods.findIndex((m) => m.methodId === row.methodId && configKey(m.config) === configKey(row.methodConfig)) ?? -1;
    return i === -1 ? 999 : i;
  };
  const studyOrder = new Map(options.studies.map((s, i) => [s.id, i]));
  rows.sort(
    (a, b) =>
      Number(b.pinned) - Number(a.pinned) ||
      (a.pinned && b.pinned ? Number(a.baseline) - Number(b.baseline) : 0) ||
      kindOrder(a) - kindOrder(b) ||
      (studyOrder.get(a.studyId) ?? 0) - (studyOrder.get(b.studyId) ?? 0) ||
      methodOrder(a) - methodOrder(b) ||
      a.requestIndex - b.requestIndex ||
      a.key.localeCompare(b.key),
  );

  const leftOut = runCountsNote(countRuns(options.runs), rows.reduce((n, r) => n + r.runsSucceeded, 0));
  if (leftOut) notes.push(leftOut);
  if (!rows.some((r) => r.baseline)) notes.push('No baseline row has results yet, so gaps cannot be computed.');

  const categories = new Set(options.studies.map((s) => s.category));
  const category = categories.size === 1 ? [...categories][0] : null;
  const available = [...keys];
  const seeds = [...new Set(options.runs.map((r) => r.seed))].sort((a, b) => a - b);
  const baselineRow = rows.find((r) => r.baseline && r.variant === 'standard') ?? rows.find((r) => r.baseline);
  return {
    category,
    metrics: orderMetrics(category, available),
    keyMetrics: keyMetrics(category, available),
    defaultColumns: defaultColumns(category, available),
    rows,
    requests,
    seeds,
    baselineLabel: new Set(rows.filter((r) => r.baseline).map((r) => r.studyId)).size > 1 ? 'Retrain of each row’s own study' : baselineRow ? `${baselineRow.label}${baselineRow.detail ? ` (${baselineRow.detail})` : ''}` : 'Retrain',
    notes,
    charts: chartData(rows, runsOf, options.classNames ?? []),
    // In the table's row order, each row's runs by seed.
    ...(options.perSeed ? { seedRows: rows.flatMap((r) => seedRowsOf.get(r.key) ?? []) } : {}),
    ...(options.sweeps?.length ? { sweeps: options.sweeps } : {}),
  };
}

function meanOf(xs: Array<number | null | undefined>): number | null {
  const v = xs.filter((x): x is number => typeof x === 'number');
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

function chartData(rows: ResultRow[], runsOf: Map<string, ResultRunInput[]>, classNames: string[]): ResultsCharts {
  const allSeeds = rows.flatMap((r) => r.seeds);
  const exampleSeed = allSeeds.length ? Math.min(...allSeeds) : null;
  const perClass = { forget: [], retain: [], test: [] } as ResultsCharts['perClass'];
  for (const split of ['forget', 'retain', 'test'] as const) {
    const classCount = Math.max(0, ...rows.flatMap((r) => (runsOf.get(r.key) ?? []).map((x) => x.metrics?.perClassAccuracy?.[split]?.length ?? 0)));
    for (let c = 0; c < classCount; c++) {
      const values: Record<string, number | null> = {};
      for (const row of rows) values[row.key] = meanOf((runsOf.get(row.key) ?? []).map((x) => x.metrics?.perClassAccuracy?.[split]?.[c]?.accuracy));
      // A class absent from the split (e.g. the forget set of one class) has no bar anywhere.
      if (Object.values(values).every((v) => v === null)) continue;
      perClass[split].push({ classIndex: c, name: classNames[c] ?? String(c), values });
    }
  }

  const fairness: ResultsCharts['fairness'] = [];
  const attributes = new Set(rows.flatMap((r) => (runsOf.get(r.key) ?? []).flatMap((x) => (x.metrics?.fairness?.test ?? []).map((f) => f.attribute))));
  for (const attribute of attributes) {
    const groupNames = new Map<number, string>();
    for (const row of rows) for (const x of runsOf.get(row.key) ?? []) for (const g of x.metrics?.fairness?.test?.find((f) => f.attribute === attribute)?.accuracy.groups ?? []) groupNames.set(g.code, g.name ?? String(g.code));
    const groups = [...groupNames.entries()].sort((a, b) => a[0] - b[0]).map(([code, name]) => {
      const values: Record<string, number | null> = {};
      for (const row of rows) {
        values[row.key] = meanOf((runsOf.get(row.key) ?? []).map((x) => x.metrics?.fairness?.test?.find((f) => f.attribute === attribute)?.accuracy.groups.find((g) => g.code === code)?.accuracy));
      }
      return { name, values };
    });
    fairness.push({ attribute, split: 'test', groups });
  }

  const roc: ResultsCharts['roc'] = [];
  const curves: ResultsCharts['curves'] = [];
  for (const row of rows) {
    const runs = runsOf.get(row.key) ?? [];
    const run = runs.find((r) => r.seed === exampleSeed) ?? runs[0];
    if (!run) continue;
    const attack = run.metrics?.membershipInference?.lossThreshold;
    if (attack?.curve?.length) {
      roc.push({ rowKey: row.key, runId: run.id, seed: run.seed, auc: attack.auc, population: run.metrics?.membershipInference?.population?.description ?? null, points: attack.curve.map((p) => [p.falsePositiveRate, p.truePositiveRate]) });
    }
    if (run.curve?.length) curves.push({ rowKey: row.key, runId: run.id, seed: run.seed, points: run.curve });
  }
  return { exampleSeed, perClass, fairness, roc, curves };
}
