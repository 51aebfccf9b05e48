/**
 * What a share link shows: a read-only snapshot of exactly one study or comparison, built here
 * so the public page and GET /api/v1/shared/{token} send the same thing. It carries no ids of
 * other team resources, no member emails and nothing to act on.
 *
 * The study dashboard (lib/results) may later replace the simple run table; this shape is the
 * seam: SharedStudy.runs is what the public page renders today.
 */
import { findScenario } from '@/db/queries/scenarios';
import { findStudy, listRuns } from '@/db/queries/studies';
import { datasetVersionLabel, findComparisonRow, runsWithStudyNames } from '@/db/queries/reviews';
import type { Run } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { methodCatalogue } from '@/lib/unlearning/registry';
import { studyVerdict, type StudyVerdict, type VerdictRun, type VerdictStudy } from '@/lib/results/verdict';
import type { ScenarioCategory } from '@/lib/results/catalogue';
import { findVersionById } from '@/db/queries/datasets';
import { resolveShareToken, SHARE_LINK_GONE } from './service';

export interface SharedRun {
  label: string;
  kind: Run['kind'];
  seed: number;
  requestIndex: number;
  status: Run['status'];
  /** Source study's name (comparisons mix studies). */
  studyName?: string;
  accuracy: { forget: number | null; retain: number | null; test: number | null };
  /** Signed gap to the retrain of the same seed, for unlearned runs. */
  gap: { forget: number | null; retain: number | null; test: number | null };
  miaAuc: number | null;
  seconds: number | null;
}

export interface SharedDistinguishability {
  label: string;
  requestIndex: number;
  seeds: number;
  forgetQuality: number | null;
  finalScore: number | null;
  numModels: number | null;
  epsilonCeiling: number | null;
  note: string | null;
}

export interface SharedStudy {
  kind: 'study';
  name: string;
  description: string;
  createdAt: Date;
  finishedAt: Date | null;
  reviewStatus: string;
  dataset: { name: string; version: number } | null;
  scenario: { name: string; category: string; forgetCount: number; trainCount: number } | null;
  model: Record<string, unknown>;
  recipe: Record<string, unknown>;
  seeds: number[];
  methods: string[];
  runs: SharedRun[];
  distinguishability: SharedDistinguishability[];
  /** The study's verdict (lib/results/verdict), the same the dashboard shows; ids replaced by 'shared'. */
  verdict: StudyVerdict;
  expiresAt: Date | null;
}

export interface SharedComparison {
  kind: 'comparison';
  name: string;
  createdAt: Date;
  runs: SharedRun[];
  /** One verdict per study among the comparison's runs, with the study's name. */
  verdicts: Array<{ studyName: string; verdict: StudyVerdict }>;
  expiresAt: Date | null;
}

export type SharedView = SharedStudy | SharedComparison;

function methodNames(): Record<string, string> {
  return Object.fromEntries(methodCatalogue().map((m) => [m.id, m.name]));
}

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

export function runLabelOf(run: Pick<Run, 'kind' | 'methodId'> & { variant?: string }, names: Record<string, string>): string {
  if (run.kind === 'original') return 'Original';
  if (run.kind === 'retrain') return run.variant && run.variant !== 'standard' ? `Retrain (${run.variant})` : 'Retrain';
  return names[run.methodId ?? ''] ?? run.methodId ?? 'Unlearned';
}

export function sharedRun(run: Run, names: Record<string, string>): SharedRun {
  const m = (run.metrics ?? {}) as { scalars?: Record<string, unknown>; reference?: { gaps?: { gaps?: Record<string, { value?: number; reference?: number }> } }; timing?: { seconds?: unknown } | null };
  const s = m.scalars ?? {};
  const g = m.reference?.gaps?.gaps ?? {};
  // Signed (value − retrain): the direction matters to a reader (forget accuracy above retrain = not forgotten).
  const gap = (split: string) => {
    const e = g[`accuracy.${split}`];
    return e && typeof e.value === 'number' && typeof e.reference === 'number' ? e.value - e.reference : null;
  };
  return {
    label: runLabelOf(run, names),
    kind: run.kind,
    seed: run.seed,
    requestIndex: run.requestIndex,
    status: run.status,
    accuracy: { forget: num(s['accuracy.forget']), retain: num(s['accuracy.retain']), test: num(s['accuracy.test']) },
    gap: { forget: gap('forget'), retain: gap('retain'), test: gap('test') },
    miaAuc: num(s['mia.loss.auc']),
    seconds: num(m.timing?.seconds),
  };
}

const KIND_ORDER: Record<Run['kind'], number> = { original: 0, retrain: 1, unlearned: 2 };

function sortRuns(a: SharedRun, b: SharedRun): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.label.localeCompare(b.label) || a.requestIndex - b.requestIndex || a.seed - b.seed;
}

export interface SummaryMethod {
  methodId?: string;
  config?: Record<string, unknown> | null;
  requestIndex?: number;
  seeds?: number;
  distinguishability?: { forgetQuality?: number | null; finalScore?: number | null; numModels?: number; epsilonCeiling?: number } | null;
  note?: string;
}

/** Runs as the verdict reads them, all under one study id (the caller's; no real id leaves). */
export function verdictRuns(runs: readonly Run[], studyId: string): VerdictRun[] {
  return runs.map((r) => ({
    studyId,
    kind: r.kind,
    variant: r.variant ?? 'standard',
    methodId: r.methodId,
    methodConfig: r.methodConfig,
    seed: r.seed,
    requestIndex: r.requestIndex,
    status: r.status,
    scalars: ((r.metrics ?? {}) as { scalars?: Record<string, number | null> }).scalars ?? null,
  }));
}

/** The verdict of one study's runs, as the dashboard computes it. */
export function sharedVerdict(runs: readonly Run[], category: string | null, summary: Record<string, unknown> | null, numClasses: number | undefined, names: Record<string, string>): StudyVerdict {
  const known = ['security', 'privacy', 'usability', 'fidelity'];
  return studyVerdict(
    { id: 'shared', category: category && known.includes(category) ? (category as ScenarioCategory) : null, numClasses, summary: summary as VerdictStudy['summary'] },
    verdictRuns(runs, 'shared'),
    (m) => names[m.methodId] ?? m.methodId,
  );
}

export function summaryMethods(summary: Record<string, unknown> | null): SummaryMethod[] {
  const methods = summary?.methods;
  return Array.isArray(methods) ? (methods as SummaryMethod[]) : [];
}

async function studySnapshot(studyId: string, expiresAt: Date | null): Promise<SharedStudy> {
  const study = await findStudy(studyId);
  if (!study) throw new AppError('not_found', SHARE_LINK_GONE);
  const [runs, scenario, dataset, version] = await Promise.all([listRuns(study.id), findScenario(study.scenarioId), datasetVersionLabel(study.datasetVersionId), findVersionById(study.datasetVersionId)]);
  const names = methodNames();
  return {
    kind: 'study',
    name: study.name,
    description: study.description,
    createdAt: study.createdAt,
    finishedAt: study.finishedAt,
    reviewStatus: study.reviewStatus,
    dataset: dataset ?? null,
    scenario: scenario ? { name: scenario.name, category: scenario.category, forgetCount: scenario.forgetCount, trainCount: scenario.trainCount } : null,
    model: study.modelSpec,
    recipe: study.recipe,
    seeds: study.seeds,
    methods: study.methods.map((m) => names[m.methodId] ?? m.methodId),
    runs: runs.map((r) => sharedRun(r, names)).sort(sortRuns),
    distinguishability: summaryMethods(study.summary).map((m) => ({
      label: names[m.methodId ?? ''] ?? m.methodId ?? '',
      requestIndex: m.requestIndex ?? 0,
      seeds: m.seeds ?? 0,
      // N = 2 (ε ceiling 0): not computable, whatever an older summary stored (it stored 0).
      forgetQuality: m.distinguishability?.epsilonCeiling === 0 ? null : num(m.distinguishability?.forgetQuality),
      finalScore: m.distinguishability?.epsilonCeiling === 0 ? null : num(m.distinguishability?.finalScore),
      numModels: num(m.distinguishability?.numModels),
      epsilonCeiling: num(m.distinguishability?.epsilonCeiling),
      note: m.note ?? null,
    })),
    verdict: sharedVerdict(runs, scenario?.category ?? null, study.summary, version?.classNames.length, names),
    expiresAt,
  };
}

async function comparisonSnapshot(comparisonId: string, expiresAt: Date | null): Promise<SharedComparison> {
  const comparison = await findComparisonRow(comparisonId);
  if (!comparison) throw new AppError('not_found', SHARE_LINK_GONE);
  const names = methodNames();
  // Only runs of the comparison's own team: a selection never leaks another team's run.
  const rows = (await runsWithStudyNames(comparison.runIds)).filter((r) => r.run.teamId === comparison.teamId);
  // Each study is judged on its own runs in the selection, against its own retrain.
  const studyIds = [...new Set(rows.map((r) => r.run.studyId))];
  const verdicts = await Promise.all(
    studyIds.map(async (id) => {
      const study = await findStudy(id);
      const [scenario, version] = study ? await Promise.all([findScenario(study.scenarioId), findVersionById(study.datasetVersionId)]) : [undefined, undefined];
      const own = rows.filter((r) => r.run.studyId === id);
      return { studyName: own[0].studyName, verdict: sharedVerdict(own.map((r) => r.run), scenario?.category ?? null, study?.summary ?? null, version?.classNames.length, names) };
    }),
  );
  return {
    kind: 'comparison',
    name: comparison.name,
    createdAt: comparison.createdAt,
    runs: rows.map((r) => ({ ...sharedRun(r.run, names), studyName: r.studyName })).sort(sortRuns),
    verdicts,
    expiresAt,
  };
}

/** The shared thing behind a token, or a 404 with one message for unknown, revoked and expired links. */
export async function sharedView(token: string): Promise<SharedView> {
  const link = await resolveShareToken(token);
  return link.targetType === 'study' ? studySnapshot(link.targetId, link.expiresAt) : comparisonSnapshot(link.targetId, link.expiresAt);
}
