/**
 * The parts of a shared dashboard that load apart from the page: the exports (CSV/JSON, means or
 * one line per seed), the per-example file, one run's loss/confidence distributions, the
 * forget-set examples and their images. Each is what the team's gated route serves, built by the
 * same loaders, for exactly the study or comparison behind the token and with ids aliased as on
 * the share page: one redactor per share, seeded with its studies and runs in a fixed order, so
 * `shared-7` names the same run on the page, in a file and in `?runId=shared-7`. A run, row or
 * file the shared dashboard does not show answers 404, as a bad, revoked or expired token does.
 */
import { findResultStudies, listResultRuns, type ResultStudyRow } from '@/db/queries/comparisons';
import { findComparisonRow, listRunIdsInPlanOrder } from '@/db/queries/reviews';
import type { Comparison } from '@/db/schema';
import { datasetRowPng } from '@/lib/datasets/service';
import { AppError } from '@/lib/errors';
import { selectionResults } from '@/lib/results/comparisons-service';
import { perExampleResponse, type PerExampleFormat } from '@/lib/results/per-example-export-service';
import {
  distributionsOfRun,
  exportResults,
  forgetSetOf,
  loadForgetExamples,
  loadStudyResults,
  type ExportFormat,
  type ExportRows,
  type ForgetExamples,
  type ForgetExamplesOptions,
  type ResultsData,
  type RunDistributions,
} from '@/lib/results/study-results-service';
import { idRedactor, type IdRedactor } from './redact-ids';
import { resolveShareToken, SHARE_LINK_GONE } from './service';

/** A share's aliases: its studies first, then its runs, each in a fixed order (shared-1 is the first study). */
export function shareRedactor(studyIds: readonly string[], runIds: readonly string[]): IdRedactor {
  return idRedactor([...studyIds, ...runIds]);
}

/** A study's share redactor: the study, then its runs in the order they were planned. */
export async function studyShareRedactor(studyId: string): Promise<IdRedactor> {
  return shareRedactor([studyId], await listRunIdsInPlanOrder(studyId));
}

/**
 * What a saved comparison still shows: its runs of its own team that exist (a deleted study
 * takes its runs along), the baseline if it is among them, and their studies in the order the
 * comparison first names them.
 */
export async function comparisonSelection(comparison: Comparison): Promise<{ runIds: string[]; baselineRunId: string | null; studyIds: string[] }> {
  const studyOf = new Map((await listResultRuns({ runIds: comparison.runIds })).filter((r) => r.teamId === comparison.teamId).map((r) => [r.id, r.studyId]));
  const runIds = comparison.runIds.filter((id) => studyOf.has(id));
  if (runIds.length === 0) throw new AppError('not_found', SHARE_LINK_GONE);
  const baselineRunId = comparison.baselineRunId && studyOf.has(comparison.baselineRunId) ? comparison.baselineRunId : null;
  return { runIds, baselineRunId, studyIds: [...new Set(runIds.flatMap((id) => studyOf.get(id) ?? []))] };
}

interface ShareScope {
  kind: 'study' | 'comparison';
  studies: ResultStudyRow[];
  redactor: IdRedactor;
  /** The dashboard data the share page shows, before redaction (per seed for exports). */
  results: (options: { perSeed?: boolean }) => Promise<ResultsData>;
}

async function shareScope(token: string): Promise<ShareScope> {
  const link = await resolveShareToken(token);
  // A benchmark's link shows its page only: it has no dashboard parts of its own (its entries link to theirs).
  if (link.targetType === 'benchmark') throw new AppError('not_found', 'A shared benchmark has no exports or charts of its own; each entry links to its shared dashboard.');
  if (link.targetType === 'study') {
    const [study] = await findResultStudies([link.targetId]);
    if (!study) throw new AppError('not_found', SHARE_LINK_GONE);
    return { kind: 'study', studies: [study], redactor: await studyShareRedactor(study.id), results: (options) => loadStudyResults(study, options) };
  }
  const comparison = await findComparisonRow(link.targetId);
  if (!comparison) throw new AppError('not_found', SHARE_LINK_GONE);
  const selection = await comparisonSelection(comparison);
  return {
    kind: 'comparison',
    studies: await findResultStudies(selection.studyIds),
    redactor: shareRedactor(selection.studyIds, selection.runIds),
    results: (options) => selectionResults(comparison.teamId, { runIds: selection.runIds, baselineRunId: selection.baselineRunId, title: comparison.name, perSeed: options.perSeed }),
  };
}

/**
 * The dashboard data as the share page shows it (ids aliased in the page's order, so ids the
 * seed does not cover, such as the dataset's, get the page's aliases too) and the runs it shows.
 */
async function shown(scope: ShareScope, options: { perSeed?: boolean } = {}): Promise<{ results: ResultsData; runIds: Set<string> }> {
  const raw = await scope.results(options);
  return { results: scope.redactor.redact({ ...raw, teamId: '' }), runIds: new Set(raw.table.rows.flatMap((r) => r.runIds)) };
}

/** The image grid belongs to a dashboard of one study (the team's shows none for several). */
function onlyStudy(scope: ShareScope): ResultStudyRow {
  const [study] = scope.studies;
  if (scope.studies.length !== 1 || !study) throw new AppError('not_found', 'This share compares several studies: it has no forget-set examples.');
  return study;
}

/** The shared table as a file, as GET /studies/{id}/export or /comparisons/{id}/export serves it. */
export async function sharedExport(token: string, request: { format: ExportFormat; rows: ExportRows; columns: string[] | undefined }): Promise<Response> {
  const { results } = await shown(await shareScope(token), { perSeed: true });
  return exportResults(results, request.format, request.columns, request.rows);
}

/** Every model's per-example outputs of a shared study; a shared comparison has none (nor has the team's comparison page). */
export async function sharedPerExample(token: string, format: PerExampleFormat): Promise<Response> {
  const scope = await shareScope(token);
  if (scope.kind !== 'study') throw new AppError('not_found', 'A shared comparison has no per-example file; a shared study has one.');
  return perExampleResponse(onlyStudy(scope), format, (id) => scope.redactor.redact(id));
}

/** The loss and confidence histograms of one run the shared dashboard shows (?runId is its alias). */
export async function sharedDistributions(token: string, runAlias: string): Promise<RunDistributions> {
  const scope = await shareScope(token);
  const { runIds } = await shown(scope);
  const runId = scope.redactor.idOf(runAlias);
  const [run] = runId && runIds.has(runId) ? await listResultRuns({ runIds: [runId] }) : [];
  if (!run) throw new AppError('not_found', `Run "${runAlias}" is not one this share shows: use a run id of its dashboard (shared-…).`, { field: 'runId' });
  return scope.redactor.redact(await distributionsOfRun(run));
}

/** A sample of forget-set rows with each shown model's prediction. */
export async function sharedForgetExamples(token: string, options: ForgetExamplesOptions): Promise<ForgetExamples> {
  const scope = await shareScope(token);
  const study = onlyStudy(scope);
  const { runIds } = await shown(scope);
  return scope.redactor.redact(await loadForgetExamples(study, await listResultRuns({ runIds: [...runIds] }), options));
}

/** The image of a forget-set row of the shared study (a row outside its forget set is not found). */
export async function sharedImagePng(token: string, row: number): Promise<Uint8Array> {
  const { dataset, requests } = await forgetSetOf(onlyStudy(await shareScope(token)));
  // First what the team route would refuse (no images, no such row), then what the share does not show.
  const png = datasetRowPng(dataset, row);
  if (!requests.some((rows) => rows.includes(row))) throw new AppError('not_found', `Row ${row} is not in the forget set of this share.`, { field: 'row' });
  return png;
}
