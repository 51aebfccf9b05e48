/**
 * Shapes and formatting shared by the study pages (server and client): the JSON the API and the
 * live stream send (dates as ISO strings), run labels, status tones, durations and the few
 * metrics the runs table shows. Pure: no React, no I/O, so both sides import it.
 */
import type { RunView } from '@/lib/studies/views';

export const RUN_STATUS_LIST = ['waiting', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatusName = (typeof RUN_STATUS_LIST)[number];
export type StudyStatusName = 'waiting' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'partial';

/** A run as JSON: what `GET /studies/{id}` and the `runs` event carry (no metrics in events). */
export type RunJson = Omit<RunView, 'queuedAt' | 'startedAt' | 'finishedAt'> & {
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

export interface LossPoint {
  step: number;
  loss: number;
}

export interface CurvePoint {
  epoch: number;
  phase: string;
  loss: number;
}

export function runToJson(run: RunView): RunJson {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return { ...run, queuedAt: iso(run.queuedAt), startedAt: iso(run.startedAt), finishedAt: iso(run.finishedAt) };
}

export function isActive(status: string): boolean {
  return status === 'waiting' || status === 'queued' || status === 'running';
}

export function statusTone(status: string): 'zinc' | 'green' | 'amber' | 'red' | 'blue' {
  switch (status) {
    case 'succeeded':
      return 'green';
    case 'failed':
      return 'red';
    case 'running':
      return 'blue';
    case 'partial':
    case 'queued':
      return 'amber';
    default:
      return 'zinc';
  }
}

export const STATUS_LABELS: Record<string, string> = {
  waiting: 'waiting',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  partial: 'partly failed',
};

export function methodLabel(methodId: string | null, names: Record<string, string>): string {
  if (!methodId) return '';
  return names[methodId] ?? methodId;
}

/**
 * "Original", "Retrain", or the method's name; variants say what they are ("Original
 * (external)", "Retrain (external)" for uploads), as the results dashboard labels them.
 */
export function runLabel(run: Pick<RunJson, 'kind' | 'variant' | 'methodId'>, names: Record<string, string>): string {
  const variant = run.variant && run.variant !== 'standard' ? ` (${run.variant})` : '';
  if (run.kind === 'original') return `Original${variant}`;
  if (run.kind === 'retrain') return `Retrain${variant}`;
  return methodLabel(run.methodId, names);
}

/** The group a run belongs to in the runs table: originals, retrains, then one group per method configuration. */
export function runGroupKey(run: Pick<RunJson, 'kind' | 'variant' | 'methodId' | 'methodConfig'>): string {
  if (run.kind === 'original') return `0:original:${run.variant}`;
  // Lethe's retrains and a variant's (uploaded, certified) are separate references: separate groups.
  if (run.kind === 'retrain') return run.variant && run.variant !== 'standard' ? `1:retrain:${run.variant}` : '1:retrain';
  return `2:${run.methodId}:${JSON.stringify(run.methodConfig ?? {})}`;
}

export function formatSeconds(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '—';
  // Small models finish in under a second; "0 s" would read as "did not run".
  if (totalSeconds < 10) return `${totalSeconds.toFixed(1)} s`;
  const s = Math.round(totalSeconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A rough human estimate ("about 4 min"): estimates are not precise, so no seconds beyond a minute. */
export function formatEstimate(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds)) return 'unknown';
  if (totalSeconds < 60) return `under a minute`;
  const minutes = Math.round(totalSeconds / 60);
  if (minutes < 90) return `about ${minutes} min`;
  const hours = totalSeconds / 3600;
  return `about ${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
}

/** Elapsed time and the remaining time extrapolated from progress (shown once progress is meaningful). */
export function timing(run: Pick<RunJson, 'status' | 'startedAt' | 'finishedAt' | 'progress'>, now: number): { elapsed: number | null; eta: number | null } {
  if (!run.startedAt) return { elapsed: null, eta: null };
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt && !isActive(run.status) ? Date.parse(run.finishedAt) : now;
  const elapsed = Math.max(0, (end - start) / 1000);
  // Below 3 % the extrapolation mostly measures loading time and would swing wildly.
  const eta = run.status === 'running' && run.progress >= 0.03 && run.progress < 1 ? (elapsed * (1 - run.progress)) / run.progress : null;
  return { elapsed, eta };
}

/** What the run is doing, in words: the worker's phase while running, otherwise the status. */
export function phaseText(run: Pick<RunJson, 'status' | 'phase' | 'progressDetail'>): string {
  if (run.status === 'waiting') return 'waiting for the runs it needs';
  if (run.status === 'queued') return 'queued for a worker';
  if (run.status !== 'running') return run.status;
  const detail = run.progressDetail as { epoch?: number; epochs?: number };
  if (run.phase) return run.phase;
  if (detail.epoch && detail.epochs) return `training epoch ${detail.epoch} of ${detail.epochs}`;
  return 'running';
}

export function lossesOf(detail: Record<string, unknown> | null | undefined): LossPoint[] {
  const raw = detail?.losses;
  if (!Array.isArray(raw)) return [];
  return raw.filter((p): p is LossPoint => typeof p === 'object' && p !== null && Number.isFinite((p as LossPoint).step) && Number.isFinite((p as LossPoint).loss));
}

export function curveOf(detail: Record<string, unknown> | null | undefined): CurvePoint[] {
  const raw = detail?.curve;
  if (!Array.isArray(raw)) return [];
  return raw.filter((p): p is CurvePoint => typeof p === 'object' && p !== null && Number.isFinite((p as CurvePoint).epoch) && Number.isFinite((p as CurvePoint).loss));
}

export const SPLITS = ['forget', 'retain', 'test'] as const;
export type Split = (typeof SPLITS)[number];

export interface KeyMetrics {
  accuracy: Partial<Record<Split, number>>;
  /** |metric − retrain's| per split accuracy, when the run was compared with its retrain. */
  accuracyGap: Partial<Record<Split, number>>;
  averageGap: number | null;
  miaAuc: number | null;
  seconds: number | null;
  speedup: number | null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads the stored metrics record defensively: older runs or partial results may lack keys. */
export function keyMetrics(metrics: Record<string, unknown> | null | undefined): KeyMetrics | null {
  if (!metrics) return null;
  const acc = (metrics.accuracy ?? {}) as Record<string, unknown>;
  const reference = (metrics.reference ?? null) as { gaps?: { gaps?: Record<string, { gap?: unknown }>; averageGap?: unknown } } | null;
  const gaps = reference?.gaps?.gaps ?? {};
  const scalars = (metrics.scalars ?? {}) as Record<string, unknown>;
  const timingRecord = (metrics.timing ?? null) as { seconds?: unknown; speedup?: unknown } | null;
  const mia = (metrics.membershipInference ?? null) as { lossThreshold?: { auc?: unknown } } | null;
  const out: KeyMetrics = { accuracy: {}, accuracyGap: {}, averageGap: num(reference?.gaps?.averageGap), miaAuc: num(mia?.lossThreshold?.auc) ?? num(scalars['mia.loss.auc']), seconds: num(timingRecord?.seconds), speedup: num(timingRecord?.speedup) };
  for (const s of SPLITS) {
    const a = num(acc[s]) ?? num(scalars[`accuracy.${s}`]);
    if (a !== null) out.accuracy[s] = a;
    const g = num(gaps[`accuracy.${s}`]?.gap);
    if (g !== null) out.accuracyGap[s] = g;
  }
  return out;
}

/** A run as the runs table reads it: which runs it depends on or reused stays on the run page. */
export type RunRowJson = Omit<RunJson, 'metrics' | 'dependsOn' | 'reusedFromRunId'>;

/**
 * What the study page hands its runs table (and GET /studies/{id}/runs-table answers): runs
 * without their metrics records and, per run id, the few numbers the table shows. A record is ~36 KB; sending them all made the page megabytes.
 */
export interface RunsTableJson {
  status: StudyStatusName;
  runs: RunRowJson[];
  keyMetrics: Record<string, KeyMetrics | null>;
}

/** Points of a row's loss sparkline (96 px wide); the details panel loads the full curve. */
export const SPARKLINE_POINTS = 60;

/**
 * A run's progress detail for its table row: the step losses (a worker keeps up to 300 a run,
 * ~10 KB) evenly thinned to SPARKLINE_POINTS, keeping the first and the last.
 */
export function sparklineDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const losses = detail.losses;
  if (!Array.isArray(losses) || losses.length <= SPARKLINE_POINTS) return detail;
  const step = (losses.length - 1) / (SPARKLINE_POINTS - 1);
  return { ...detail, losses: Array.from({ length: SPARKLINE_POINTS }, (_, i) => losses[Math.round(i * step)] as unknown) };
}

export function runsTableJson(status: StudyStatusName, runs: RunView[]): RunsTableJson {
  return {
    status,
    runs: runs.map((run) => {
      const { metrics: _metrics, dependsOn: _dependsOn, reusedFromRunId: _reusedFrom, progressDetail, ...row } = runToJson(run);
      // An active run's curve is still growing and its details panel draws it live: whole.
      return { ...row, progressDetail: isActive(row.status) ? progressDetail : sparklineDetail(progressDetail) };
    }),
    // As the client records them: a run that has not succeeded yet has no entry, so its metrics
    // are fetched once it does; a succeeded run without a stored record is null.
    keyMetrics: Object.fromEntries(runs.filter((r) => r.metrics || r.status === 'succeeded').map((r) => [r.id, keyMetrics(r.metrics)])),
  };
}

/**
 * One group of the runs table folded to a line: how many runs and seeds, where they stand, and
 * the mean of the table's metrics over the runs that have them (`withMetrics` of `runs`).
 */
export interface RunGroupSummary {
  key: string;
  kind: RunRowJson['kind'];
  variant: string;
  methodId: string | null;
  methodConfig: Record<string, unknown> | null;
  runs: number;
  seeds: number;
  statusCounts: Partial<Record<RunStatusName, number>>;
  withMetrics: number;
  meanAccuracy: Partial<Record<Split, number>>;
  /** Mean gap to the same seed's retrain over the runs that have one, and how many do. */
  meanGap: number | null;
  withGap: number;
}

/**
 * What the study page renders first: the study's status and one summary per group, and no runs
 * unless the study is small (`whole`). A group's runs come on demand from GET /studies/{id}/runs-table?group={key}; with every run
 * inline a 32-seed x 10-method study's page was 1.3 MB.
 */
export interface RunGroupsJson {
  status: StudyStatusName;
  groups: RunGroupSummary[];
  /** The whole table when the study has at most OPEN_RUNS runs: its groups open expanded. */
  whole: RunsTableJson | null;
}

/** Up to this many runs the study page opens every group: a few KB a run, and live progress in view. */
export const OPEN_RUNS = 24;

type GroupRun = Pick<RunRowJson, 'id' | 'kind' | 'variant' | 'methodId' | 'methodConfig' | 'seed' | 'requestIndex' | 'status'>;

/**
 * Runs in groups, in the table's order: originals, retrains, then methods in the order the
 * study lists them (not the order runs happen to arrive in, which changes as they finish);
 * within a group by request and seed.
 */
export function orderedRunGroups<R extends GroupRun>(runs: readonly R[], methodOrder: readonly string[]): Array<[string, R[]]> {
  const groups = new Map<string, R[]>();
  for (const r of runs) {
    const key = runGroupKey(r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const rank = (r: R) => {
    if (r.kind !== 'unlearned') return r.kind === 'original' ? -2 : -1;
    const i = methodOrder.indexOf(r.methodId ?? '');
    return i === -1 ? methodOrder.length : i;
  };
  return [...groups.entries()]
    .map(([key, group]) => [key, [...group].sort((a, b) => a.requestIndex - b.requestIndex || a.seed - b.seed)] as [string, R[]])
    .sort(([ka, a], [kb, b]) => rank(a[0]) - rank(b[0]) || (ka < kb ? -1 : ka > kb ? 1 : 0));
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** The summaries of the runs' groups, in the table's order. */
export function runGroupSummaries(runs: readonly GroupRun[], metrics: Record<string, KeyMetrics | null | undefined>, methodOrder: readonly string[]): RunGroupSummary[] {
  return orderedRunGroups(runs, methodOrder).map(([key, group]) => {
    const first = group[0];
    const statusCounts: Partial<Record<RunStatusName, number>> = {};
    for (const r of group) statusCounts[r.status as RunStatusName] = (statusCounts[r.status as RunStatusName] ?? 0) + 1;
    const measured = group.map((r) => metrics[r.id]).filter((m): m is KeyMetrics => Boolean(m));
    const meanAccuracy: Partial<Record<Split, number>> = {};
    for (const s of SPLITS) {
      const m = mean(measured.map((k) => k.accuracy[s]).filter((x): x is number => x !== undefined));
      if (m !== null) meanAccuracy[s] = m;
    }
    const gaps = measured.map((k) => k.averageGap).filter((x): x is number => x !== null);
    return {
      key,
      kind: first.kind,
      variant: first.variant,
      methodId: first.methodId,
      methodConfig: first.methodConfig,
      runs: group.length,
      seeds: new Set(group.map((r) => r.seed)).size,
      statusCounts,
      withMetrics: measured.length,
      meanAccuracy,
      meanGap: mean(gaps),
      withGap: gaps.length,
    };
  });
}

export function runGroupsJson(table: RunsTableJson, methodOrder: readonly string[]): RunGroupsJson {
  return { status: table.status, groups: runGroupSummaries(table.runs, table.keyMetrics, methodOrder), whole: table.runs.length <= OPEN_RUNS ? table : null };
}

/** The runs table restricted to one group (what expanding it on the study page loads). */
export function runsTableOfGroup(table: RunsTableJson, key: string): RunsTableJson {
  const runs = table.runs.filter((r) => runGroupKey(r) === key);
  const ids = new Set(runs.map((r) => r.id));
  return { status: table.status, runs, keyMetrics: Object.fromEntries(Object.entries(table.keyMetrics).filter(([id]) => ids.has(id))) };
}

export function formatPercentValue(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

/** Gaps are differences of rates: shown in percentage points so they do not read as relative. */
export function formatPoints(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(1)} pp`;
}
