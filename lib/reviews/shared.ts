/**
 * What a share link shows: the read model of the results dashboard (lib/results, the same data
 * the private dashboard renders) for exactly one study or comparison (or a benchmark's page
 * with its leaderboard, lib/benchmarks), authorized by the token
 * instead of the team gate, so the public page and GET /api/v1/shared/{token} send the same
 * thing. It carries no ids of team resources (aliased by the share's redactor, which its
 * exports and per-run charts share: lib/reviews/shared-parts), no member names or emails and
 * nothing to act on.
 */
import { findScenario } from '@/db/queries/scenarios';
import { findStudy, listRunFacts } from '@/db/queries/studies';
import { findResultStudies } from '@/db/queries/comparisons';
import { datasetVersionLabel, findComparisonRow, listReviewEvents, type ReviewStatus } from '@/db/queries/reviews';
import type { Run } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { methodCatalogue } from '@/lib/unlearning/registry';
import { describeStudyModel, studyMethodLabels, studySeeds } from '@/lib/studies/study-facts';
import { uploadedRunFacts } from '@/lib/studies/external-reference';
import { studyVerdict, type StudyVerdict, type VerdictRun, type VerdictStudy } from '@/lib/results/verdict';
import type { ScenarioCategory } from '@/lib/results/catalogue';
import { loadStudyResults, type ResultsData } from '@/lib/results/study-results-service';
import { selectionResults } from '@/lib/results/comparisons-service';
import { perExampleEvidenceRows, type PerExampleEvidenceRow } from '@/lib/results/per-example-evidence-table';
import { sharedBenchmarkSnapshot, type SharedBenchmark } from '@/lib/benchmarks/service';
import { comparisonSelection, shareRedactor, studyShareRedactor } from './shared-parts';
import { resolveShareToken, SHARE_LINK_GONE } from './service';

/** The review status a link holder reads: the status and the note it was set with, not who set it. */
export interface SharedReview {
  status: ReviewStatus;
  note: string;
  setAt: Date | null;
}

export interface SharedStudy {
  kind: 'study';
  name: string;
  description: string;
  createdAt: Date;
  finishedAt: Date | null;
  review: SharedReview;
  dataset: { name: string; version: number } | null;
  scenario: { name: string; category: string; forgetCount: number; trainCount: number } | null;
  model: Record<string, unknown>;
  /** The model in words; for an external study its description, never Lethe's empty spec. */
  modelDescription: string;
  /** Models trained outside Lethe: no model spec or recipe of Lethe's applies. */
  external: boolean;
  recipe: Record<string, unknown>;
  /** The planned seeds, or an external study's uploaded ones. */
  seeds: number[];
  methods: string[];
  /** The dashboard's data (headline, verdict, interval table, charts), ids replaced. */
  results: ResultsData;
  /** The per-example attacks card (U-LiRA, KLoM) of the team's results page. */
  perExample: PerExampleEvidenceRow[];
  expiresAt: Date | null;
}

export interface SharedComparison {
  kind: 'comparison';
  name: string;
  createdAt: Date;
  /** The dashboard's data, each study judged against its own retrain, ids replaced. */
  results: ResultsData;
  expiresAt: Date | null;
}

export type SharedView = SharedStudy | SharedComparison | SharedBenchmark;

function methodNames(): Record<string, string> {
  return Object.fromEntries(methodCatalogue().map((m) => [m.id, m.name]));
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
    external: uploadedRunFacts(r),
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
  const [study, [resultStudy]] = await Promise.all([findStudy(studyId), findResultStudies([studyId])]);
  if (!study || !resultStudy) throw new AppError('not_found', SHARE_LINK_GONE);
  const [results, scenario, dataset, events, runs, redactor] = await Promise.all([
    loadStudyResults(resultStudy),
    findScenario(study.scenarioId),
    datasetVersionLabel(study.datasetVersionId),
    listReviewEvents(study.id),
    // Seeds and uploaded methods only: loadStudyResults already read the metrics it aggregates.
    listRunFacts(study.id),
    studyShareRedactor(study.id),
  ]);
  const names = methodNames();
  // Newest first: the event that set the current status carries its note.
  const latest = events[0];
  return {
    kind: 'study',
    name: study.name,
    description: study.description,
    createdAt: study.createdAt,
    finishedAt: study.finishedAt,
    review: { status: study.reviewStatus, note: latest && latest.status === study.reviewStatus ? latest.note : '', setAt: latest && latest.status === study.reviewStatus ? latest.createdAt : null },
    dataset: dataset ?? null,
    scenario: scenario ? { name: scenario.name, category: scenario.category, forgetCount: scenario.forgetCount, trainCount: scenario.trainCount } : null,
    model: study.modelSpec,
    modelDescription: describeStudyModel(study),
    external: study.external,
    recipe: study.recipe,
    seeds: studySeeds(study, runs),
    methods: studyMethodLabels(study, runs, names),
    results: redactor.redact({ ...results, teamId: '' }),
    perExample: perExampleEvidenceRows(resultStudy.summary, names, results.table.sweeps),
    expiresAt,
  };
}

async function comparisonSnapshot(comparisonId: string, expiresAt: Date | null): Promise<SharedComparison> {
  const comparison = await findComparisonRow(comparisonId);
  if (!comparison) throw new AppError('not_found', SHARE_LINK_GONE);
  const { runIds, baselineRunId, studyIds } = await comparisonSelection(comparison);
  const results = await selectionResults(comparison.teamId, { runIds, baselineRunId, title: comparison.name });
  return { kind: 'comparison', name: comparison.name, createdAt: comparison.createdAt, results: shareRedactor(studyIds, runIds).redact({ ...results, teamId: '' }), expiresAt };
}

/** The shared thing behind a token, or a 404 with one message for unknown, revoked and expired links (and withdrawn benchmarks). */
export async function sharedView(token: string): Promise<SharedView> {
  const link = await resolveShareToken(token);
  if (link.targetType === 'benchmark') return sharedBenchmarkSnapshot(link.targetId, link.expiresAt, SHARE_LINK_GONE);
  return link.targetType === 'study' ? studySnapshot(link.targetId, link.expiresAt) : comparisonSnapshot(link.targetId, link.expiresAt);
}
