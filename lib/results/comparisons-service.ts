/**
 * Comparisons: a chosen set of runs from any of a team's studies on one dataset, each measured
 * to its own study's retrain or, when one is pinned, to a single baseline run, shown with the
 * same table and charts as a study dashboard.
 *
 * Permissions: a comparison is a view of results, not new data, so every member who can read
 * the team (`team.read`, reviewers included) may create one. Changing or deleting a saved
 * comparison is for its creator, and for members who may change the team's data (`team.write`).
 */
import { z } from 'zod';
import { findDataset, findVersionById } from '@/db/queries/datasets';
import {
  deleteComparison as deleteRow,
  findComparison,
  findResultStudies,
  insertComparison,
  listCandidateRuns,
  listComparisons,
  listResultRuns,
  updateComparison as updateRow,
  type ResultRunRow,
  type ResultStudyRow,
} from '@/db/queries/comparisons';
import type { Comparison } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authorizeTeam, isUuid, requireActor, type TeamAccess } from '@/lib/auth/gate';
import { roleCan } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { buildResults, type ResultsData } from './study-results-service';

export const MAX_COMPARISON_RUNS = 2000;

const viewStateSchema = z
  .object({
    cols: z.array(z.string().max(200)).max(200).nullable().optional(),
    sort: z.object({ key: z.string().max(200), by: z.enum(['value', 'gap']), dir: z.enum(['asc', 'desc']) }).nullable().optional(),
    diff: z.boolean().optional(),
    show: z.enum(['both', 'value', 'gap']).optional(),
    x: z.string().max(200).nullable().optional(),
    split: z.enum(['test', 'forget', 'retain']).optional(),
    dm: z.string().max(20).nullable().optional(),
    ds: z.number().int().nullable().optional(),
    rm: z.string().max(200).nullable().optional(),
  })
  .strict();

export const comparisonInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the comparison a name.').max(200),
  runIds: z.array(z.string().uuid('must be run ids')).min(1, 'Choose at least one run.').max(MAX_COMPARISON_RUNS),
  baselineRunId: z.string().uuid().nullable().optional(),
  viewState: viewStateSchema.optional(),
});

export const comparisonPatchSchema = comparisonInputSchema.partial();

export type ComparisonInput = z.infer<typeof comparisonInputSchema>;

function issue(field: string, message: string): AppError {
  return new AppError('validation', `${field}: ${message}`, { field });
}

/**
 * Checks a selection: every run exists in this team (another team's run is "not found"), all
 * from studies on one dataset, and the baseline is one of them. Returns the dataset id.
 */
async function checkSelection(teamId: string, runIds: string[], baselineRunId: string | null | undefined) {
  const unique = [...new Set(runIds)];
  const runs = await listResultRuns({ runIds: unique.filter(isUuid) });
  const found = new Map(runs.filter((r) => r.teamId === teamId).map((r) => [r.id, r]));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw new AppError('not_found', `Run ${missing[0]} was not found in this team.`, { field: 'runIds', missing });
  const studies = await findResultStudies([...new Set(runs.map((r) => r.studyId))]);
  const datasets = new Set(studies.map((s) => s.datasetId));
  if (datasets.size > 1) throw issue('runIds', 'all runs must come from studies on the same dataset.');
  if (baselineRunId && !found.has(baselineRunId)) throw issue('baselineRunId', 'the baseline must be one of the chosen runs.');
  return { runs: unique.map((id) => found.get(id)!), studies, datasetId: [...datasets][0] };
}

/**
 * Without a pinned baseline each row is measured to its own study's retrain (of the same
 * request). A study whose retrain was not among the chosen runs gets its succeeded retrain runs
 * of those requests added, so no row is left without gaps; the table says so.
 */
async function withOwnRetrains(runs: ResultRunRow[], studies: ResultStudyRow[]): Promise<{ runs: ResultRunRow[]; note: string | null }> {
  const added: ResultRunRow[] = [];
  const addedTo: string[] = [];
  for (const study of studies) {
    const own = runs.filter((r) => r.studyId === study.id);
    const requests = [...new Set(own.map((r) => r.requestIndex))];
    const missing = requests.filter((q) => !own.some((r) => r.kind === 'retrain' && r.variant === 'standard' && r.requestIndex === q && r.status === 'succeeded'));
    if (missing.length === 0) continue;
    const retrains = (await listResultRuns({ studyId: study.id })).filter((r) => r.kind === 'retrain' && r.variant === 'standard' && r.status === 'succeeded' && missing.includes(r.requestIndex));
    if (retrains.length === 0) continue;
    added.push(...retrains);
    addedTo.push(study.name);
  }
  const note = addedTo.length ? `Retrain runs of ${addedTo.join(', ')} were added: each row's gaps are to its own study's retrain.` : null;
  return { runs: [...runs, ...added], note };
}

/** Results of an unsaved selection (the /comparisons/view page and a saved comparison's data). */
export async function comparisonResults(actor: Actor | null, teamId: string, selection: { runIds: string[]; baselineRunId?: string | null; title?: string; perSeed?: boolean }): Promise<ResultsData> {
  const access = await authorizeTeam(actor, teamId, 'team.read');
  return selectionResults(access.teamId, selection);
}

/**
 * A selection's dashboard data without a gate: only for callers that authorized the team
 * another way (comparisonResults above, the share page by its token in lib/reviews/shared).
 */
export async function selectionResults(teamId: string, selection: { runIds: string[]; baselineRunId?: string | null; title?: string; perSeed?: boolean }): Promise<ResultsData> {
  if (selection.runIds.length === 0) throw issue('runs', 'choose at least one run.');
  if (selection.runIds.length > MAX_COMPARISON_RUNS) throw issue('runs', `at most ${MAX_COMPARISON_RUNS} runs.`);
  const { runs: chosen, studies, datasetId } = await checkSelection(teamId, selection.runIds, selection.baselineRunId);
  const { runs, note } = selection.baselineRunId ? { runs: chosen, note: null } : await withOwnRetrains(chosen, studies);
  const study = studies[0];
  const dataset = await findDataset(datasetId);
  // Studies of one dataset may use different versions; class names come from the first study's.
  const version = await findVersionById(study.datasetVersionId);
  const data = buildResults({
    kind: 'comparison',
    title: selection.title ?? `Comparison on ${dataset?.name ?? 'a dataset'}`,
    teamId,
    studies,
    runs,
    dataset: { id: datasetId, name: dataset?.name ?? '', version: version?.version ?? 0, kind: version?.kind ?? 'tabular', classNames: version?.classNames ?? [] },
    baselineRunId: selection.baselineRunId ?? null,
    perSeed: selection.perSeed,
  });
  if (note) data.table.notes.push(note);
  return data;
}

export interface ComparisonView {
  id: string;
  teamId: string;
  datasetId: string;
  name: string;
  runIds: string[];
  baselineRunId: string | null;
  viewState: Record<string, unknown>;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  canEdit: boolean;
}

function canEdit(access: TeamAccess, c: Comparison): boolean {
  if (c.createdBy === access.actor.id) return true;
  return access.role ? roleCan(access.role, 'team.write') : false;
}

function view(c: Comparison, access: TeamAccess): ComparisonView {
  return { id: c.id, teamId: c.teamId, datasetId: c.datasetId, name: c.name, runIds: c.runIds, baselineRunId: c.baselineRunId, viewState: c.viewState, createdBy: c.createdBy, createdAt: c.createdAt, updatedAt: c.updatedAt, canEdit: canEdit(access, c) };
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first.path.join('.') || 'body';
    throw new AppError('validation', `${field}: ${first.message}`, { field, issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
  }
  return parsed.data;
}

export async function createComparison(actor: Actor | null, teamId: string, body: unknown): Promise<ComparisonView> {
  const access = await authorizeTeam(actor, teamId, 'team.read');
  const input = parse(comparisonInputSchema, body);
  const { runs, datasetId } = await checkSelection(access.teamId, input.runIds, input.baselineRunId);
  const row = await insertComparison({
    teamId: access.teamId,
    datasetId,
    name: input.name,
    runIds: runs.map((r) => r.id),
    baselineRunId: input.baselineRunId ?? null,
    viewState: input.viewState ?? {},
    createdBy: requireActor(actor).id,
  });
  return view(row, access);
}

async function comparisonFor(actor: Actor | null, id: string): Promise<{ comparison: Comparison; access: TeamAccess }> {
  requireActor(actor);
  const comparison = isUuid(id) ? await findComparison(id) : undefined;
  if (!comparison) throw new AppError('not_found', 'Comparison was not found.');
  const access = await authorizeTeam(actor, comparison.teamId, 'team.read', 'Comparison');
  return { comparison, access };
}

/** A saved comparison and its results (options.perSeed: with every run's values, for exports). */
export async function getComparison(actor: Actor | null, id: string, options: { perSeed?: boolean } = {}): Promise<{ comparison: ComparisonView; results: ResultsData }> {
  const { comparison, access } = await comparisonFor(actor, id);
  const results = await comparisonResults(actor, comparison.teamId, { runIds: comparison.runIds, baselineRunId: comparison.baselineRunId, title: comparison.name, perSeed: options.perSeed }).catch((err: unknown) => {
    // A run of a saved comparison can disappear (its study was deleted): show what is left.
    if (err instanceof AppError && err.code === 'not_found' && Array.isArray(err.details.missing)) {
      const missing = new Set(err.details.missing as string[]);
      const left = comparison.runIds.filter((r) => !missing.has(r));
      if (left.length === 0) throw new AppError('gone', 'Every run of this comparison has been deleted.');
      return comparisonResults(actor, comparison.teamId, { runIds: left, baselineRunId: comparison.baselineRunId && !missing.has(comparison.baselineRunId) ? comparison.baselineRunId : null, title: comparison.name, perSeed: options.perSeed });
    }
    throw err;
  });
  return { comparison: view(comparison, access), results };
}

export async function teamComparisons(actor: Actor | null, teamId: string) {
  const access = await authorizeTeam(actor, teamId, 'team.read');
  return listComparisons(access.teamId);
}

async function editable(actor: Actor | null, id: string) {
  const found = await comparisonFor(actor, id);
  if (!canEdit(found.access, found.comparison)) {
    throw new AppError('forbidden', 'Only whoever saved this comparison, or a member who may change the team’s data, can change or delete it.');
  }
  return found;
}

export async function updateComparison(actor: Actor | null, id: string, body: unknown): Promise<ComparisonView> {
  const { comparison, access } = await editable(actor, id);
  const patch = parse(comparisonPatchSchema, body);
  const runIds = patch.runIds ?? comparison.runIds;
  const baselineRunId = patch.baselineRunId !== undefined ? patch.baselineRunId : comparison.baselineRunId;
  if (patch.runIds || patch.baselineRunId !== undefined) {
    const { datasetId } = await checkSelection(comparison.teamId, runIds, baselineRunId);
    if (datasetId !== comparison.datasetId) throw issue('runIds', 'a comparison stays on its dataset; save a new one for another dataset.');
  }
  const row = await updateRow(comparison.id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.runIds ? { runIds: [...new Set(runIds)] } : {}),
    ...(patch.baselineRunId !== undefined ? { baselineRunId } : {}),
    ...(patch.viewState !== undefined ? { viewState: patch.viewState } : {}),
  });
  if (!row) throw new AppError('not_found', 'Comparison was not found.');
  return view(row, access);
}

export async function deleteComparison(actor: Actor | null, id: string): Promise<void> {
  const { comparison } = await editable(actor, id);
  await deleteRow(comparison.id);
}

/** The runs a new comparison can choose from, grouped by study, for one dataset of the team. */
export async function comparisonCandidates(actor: Actor | null, teamId: string, datasetId: string) {
  const access = await authorizeTeam(actor, teamId, 'team.read');
  const dataset = isUuid(datasetId) ? await findDataset(datasetId) : undefined;
  if (!dataset || dataset.teamId !== access.teamId) throw new AppError('not_found', 'Dataset was not found.');
  return { dataset: { id: dataset.id, name: dataset.name }, runs: await listCandidateRuns(access.teamId, dataset.id) };
}
