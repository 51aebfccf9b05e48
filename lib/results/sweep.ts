/**
 * The choice of a hyperparameter sweep (pure): per sweep group, which grid point comes closest to
 * retraining, measured on data no reported number uses. The criterion of a point is the mean over
 * seeds of the average of |forget acc − retrain forget acc|, |retain acc − retrain retain acc| and
 * |validation acc − retrain validation acc|, each against the retrain of the same seed (the
 * method's own retrain variant where it has one, as for certified removal), at the study's last
 * deletion request. Test accuracy is never read. Only points with as many seeds as the best-covered
 * point may win; the lowest criterion wins, ties go to the first point in grid order. While runs
 * of the group are unfinished the choice is provisional.
 *
 * `keepChosenRuns` is the one place the other points leave: buildResults (study-results-service)
 * and the shared verdict (lib/reviews/shared) pass only its runs on, so the table, headline,
 * verdict, charts, comparisons, share page and deletion report agree.
 */
import type { StudyMethod } from '@/db/schema';
import { VALIDATION_ACCURACY_KEY } from '@/lib/metrics/evaluate-model';
import type { ResultRunInput } from './aggregate';
import { configKey } from './config-key';

/** The keys of the criterion: what the sweep reads of each run, and only that. */
export const SWEEP_CRITERION_KEYS = ['accuracy.forget', 'accuracy.retain', VALIDATION_ACCURACY_KEY] as const;

export const SWEEP_CRITERION =
  'lowest average gap to the retrain of the same seed on forget, retain and validation accuracy (mean over seeds; only points with as many finished seeds as the best-covered point; ties go to the first point)';

/** What the sweep reads of a run: its identity in the study and its scalars. */
export type SweepRun = Pick<ResultRunInput, 'studyId' | 'kind' | 'variant' | 'methodId' | 'methodConfig' | 'seed' | 'requestIndex' | 'status'> & {
  scalars: Readonly<Record<string, number | null | undefined>> | null | undefined;
};

export interface SweepPoint {
  point: number;
  setting: Record<string, number>;
  config: Record<string, unknown>;
  /** Seeds with both this point's run and its retrain succeeded. */
  n: number;
  /** Mean criterion over those seeds; null without any. */
  mean: number | null;
  /** Standard deviation over seeds (null below 2), and the extremes. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Has as many seeds as the best-covered point. */
  eligible: boolean;
  chosen: boolean;
}

export interface SweepGroup {
  studyId: string;
  group: number;
  methodId: string;
  settings: string[];
  requestIndex: number;
  points: SweepPoint[];
  /** The chosen point's index; the first point while no point has a value. */
  chosen: number;
  /** Some run the choice depends on has not ended: the choice may change. */
  provisional: boolean;
  /** Rows of the study's validation split (carved from the training data). */
  validationRows: number | null;
}

export interface SweepStudy {
  id: string;
  methods: readonly StudyMethod[];
  validation?: { rows: number } | null;
}

const UNFINISHED = new Set(['waiting', 'queued', 'running']);

function num(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** The average gap of one run to its retrain on the criterion's keys; null when one is missing. */
export function criterionOf(run: SweepRun['scalars'], retrain: SweepRun['scalars']): number | null {
  let sum = 0;
  for (const key of SWEEP_CRITERION_KEYS) {
    const a = num(run?.[key]);
    const b = num(retrain?.[key]);
    if (a === null || b === null) return null;
    sum += Math.abs(a - b);
  }
  return sum / SWEEP_CRITERION_KEYS.length;
}

function summary(values: number[]): Pick<SweepPoint, 'n' | 'mean' | 'sd' | 'min' | 'max'> {
  const n = values.length;
  if (!n) return { n, mean: null, sd: null, min: null, max: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : null;
  return { n, mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

function groupsOf(study: SweepStudy): Map<number, StudyMethod[]> {
  const groups = new Map<number, StudyMethod[]>();
  for (const m of study.methods) if (m.sweep) groups.set(m.sweep.group, [...(groups.get(m.sweep.group) ?? []), m]);
  for (const points of groups.values()) points.sort((a, b) => (a.sweep?.point ?? 0) - (b.sweep?.point ?? 0));
  return groups;
}

function selectGroup(study: SweepStudy, group: number, points: StudyMethod[], runs: readonly SweepRun[]): SweepGroup {
  const methodId = points[0].methodId;
  const own = (m: StudyMethod) => (r: SweepRun) => r.methodId === methodId && configKey(r.methodConfig) === configKey(m.config);
  const unlearned = runs.filter((r) => r.kind === 'unlearned' && points.some((m) => own(m)(r)));
  const requestIndex = Math.max(0, ...unlearned.map((r) => r.requestIndex));
  const retrains = runs.filter((r) => r.kind === 'retrain' && r.requestIndex === requestIndex && r.status === 'succeeded');
  const referenceOf = (u: SweepRun) =>
    (u.variant !== 'standard' ? retrains.find((r) => r.seed === u.seed && r.variant === u.variant && configKey(r.methodConfig) === configKey(u.methodConfig)) : undefined) ??
    retrains.find((r) => r.seed === u.seed && r.variant === 'standard');
  const scored = points.map((m) => {
    const values = unlearned
      .filter((r) => own(m)(r) && r.requestIndex === requestIndex && r.status === 'succeeded')
      .sort((a, b) => a.seed - b.seed)
      .map((r) => criterionOf(r.scalars, referenceOf(r)?.scalars))
      .filter((v): v is number => v !== null);
    return { m, ...summary(values) };
  });
  const best = Math.max(0, ...scored.map((s) => s.n));
  let chosen = -1;
  scored.forEach((s, i) => {
    if (best > 0 && s.n === best && s.mean !== null && (chosen === -1 || s.mean < (scored[chosen].mean ?? Infinity))) chosen = i;
  });
  const retrainUnfinished = runs.some((r) => r.kind === 'retrain' && UNFINISHED.has(r.status));
  return {
    studyId: study.id,
    group,
    methodId,
    settings: Object.keys(points[0].sweep?.setting ?? {}),
    requestIndex,
    points: scored.map(({ m, ...s }, i) => ({ point: m.sweep?.point ?? i, setting: m.sweep?.setting ?? {}, config: m.config, ...s, eligible: best > 0 && s.n === best, chosen: i === Math.max(0, chosen) })),
    chosen: Math.max(0, chosen),
    provisional: chosen === -1 || retrainUnfinished || unlearned.some((r) => UNFINISHED.has(r.status)),
    validationRows: study.validation?.rows ?? null,
  };
}

/** Every sweep of the given studies, with its choice. */
export function selectSweeps(studies: readonly SweepStudy[], runs: readonly SweepRun[]): SweepGroup[] {
  return studies.flatMap((study) => {
    const own = runs.filter((r) => r.studyId === study.id);
    return [...groupsOf(study)].sort(([a], [b]) => a - b).map(([group, points]) => selectGroup(study, group, points, own));
  });
}

/**
 * The runs without the points the sweeps did not choose: their unlearned runs, and the originals
 * and retrains of their own variant (a certified-removal point's perturbed objective).
 */
export function keepChosenRuns<T extends Omit<SweepRun, 'scalars' | 'status'>>(runs: readonly T[], sweeps: readonly SweepGroup[]): T[] {
  if (!sweeps.length) return [...runs];
  const dropped = notChosenBySweep(sweeps);
  return runs.filter((r) => !(r.methodId && (r.kind === 'unlearned' || r.variant !== 'standard') && dropped(r.methodId, r.methodConfig, r.studyId)));
}

/**
 * Whether a method configuration is a grid point its sweep did not choose: in the given study,
 * or in any of the sweeps' studies when the caller reads one study's summary without its id.
 */
export function notChosenBySweep(sweeps: readonly SweepGroup[]): (methodId: string, config: Record<string, unknown> | null, studyId?: string) => boolean {
  const studiesOf = new Map<string, Set<string>>();
  for (const g of sweeps) {
    for (const p of g.points) {
      if (p.chosen) continue;
      const key = `${g.methodId}:${configKey(p.config)}`;
      studiesOf.set(key, (studiesOf.get(key) ?? new Set()).add(g.studyId));
    }
  }
  return (methodId, config, studyId) => {
    const studies = studiesOf.get(`${methodId}:${configKey(config)}`);
    return studies !== undefined && (studyId === undefined || studies.has(studyId));
  };
}

/** "chosen by the sweep at learningRate 0.02" (provisionally while its runs are unfinished). */
export function sweepChoiceLabel(group: SweepGroup): string {
  const setting = Object.entries(group.points[group.chosen].setting).map(([k, v]) => `${k} ${Number(v.toPrecision(3))}`).join(', ');
  return `${group.provisional ? 'provisionally ' : ''}chosen by the sweep at ${setting}`;
}

/** keepChosenRuns for one study's stored runs (metrics as stored): the deletion report's path. */
export function keepStudyChosenRuns<T extends Omit<SweepRun, 'scalars'> & { metrics: unknown }>(study: SweepStudy, runs: readonly T[]): T[] {
  const scalarsOf = (r: T) => (r.metrics as { scalars?: SweepRun['scalars'] } | null)?.scalars ?? null;
  return keepChosenRuns(runs, selectSweeps([study], runs.map((r) => ({ ...r, scalars: scalarsOf(r) }))));
}
