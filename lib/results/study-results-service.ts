/**
 * Loading results for dashboards, comparisons and exports: reads the runs' stored metrics (never
 * the per-example artifacts, which load on demand for one run), aggregates them with the pure
 * functions of lib/results, and checks the gate first. Every read needs `team.read`.
 */
import type { z } from 'zod';
import { findDataset, findVersionById } from '@/db/queries/datasets';
import { findResultStudies, listResultRuns, type ResultRunRow, type ResultStudyRow } from '@/db/queries/comparisons';
import { findRun, loadArtifact } from '@/db/queries/studies';
import { findScenario } from '@/db/queries/scenarios';
import type { Actor } from '@/lib/auth/actor';
import { authorizeTeam, isUuid, requireActor } from '@/lib/auth/gate';
import { loadDatasetArrays } from '@/lib/datasets/dataset-cache';
import { AppError } from '@/lib/errors';
import { decodeBlob } from '@/lib/jobs/blob';
import type { PerExampleForget, PerExampleSplit } from '@/lib/metrics/evaluate-model';
import { resolveScenario, type ScenarioSpec } from '@/lib/scenarios';
import { studyStatus } from '@/lib/studies/views';
import { methodCatalogue } from '@/lib/unlearning/registry';
import type { Wire } from '@/lib/wire';
import { aggregateResults, type ResultMetrics, type ResultRunInput, type ResultsTable, type StudyInput } from './aggregate';
import { distributions, type Distributions } from './distributions';
import { keepChosenRuns, selectSweeps } from './sweep';
import { exportFileName, seedRowsToCsv, tableToCsv, tableToJson } from './export';
import { headline, verdictsOf, type Headline } from './headline';
import type { resultsExportSchema } from './results-schema';

export interface ResultsDataset {
  id: string;
  name: string;
  version: number;
  kind: 'tabular' | 'image';
  classNames: string[];
}

/** Everything a dashboard or comparison page renders, JSON-ready. */
export interface ResultsData {
  kind: 'study' | 'comparison';
  title: string;
  teamId: string;
  studies: Array<{ id: string; name: string; scenarioName: string; category: string }>;
  dataset: ResultsDataset;
  status: string;
  table: ResultsTable;
  headline: Headline;
  /** false: a page's first view (lib/results/page-payload firstViewPayload), the rest loads after; absent: everything. */
  complete?: false;
}

let methodNamesCache: Record<string, string> | null = null;
function methodNames(): Record<string, string> {
  methodNamesCache ??= Object.fromEntries(methodCatalogue().map((m) => [m.id, m.name]));
  return methodNamesCache;
}

export function toRunInput(r: ResultRunRow): ResultRunInput {
  return {
    id: r.id,
    studyId: r.studyId,
    kind: r.kind,
    variant: r.variant,
    methodId: r.methodId,
    methodConfig: r.methodConfig,
    seed: r.seed,
    requestIndex: r.requestIndex,
    status: r.status,
    metrics: r.metrics as unknown as ResultMetrics | null,
    curve: Array.isArray(r.curve) ? r.curve : null,
    ...(r.externalSource ? { external: { source: r.externalSource, reference: r.externalReference === 'lethe-retrain' ? 'lethe-retrain' : 'own-retrain' } as const } : {}),
  };
}

export function toStudyInput(s: ResultStudyRow): StudyInput {
  return { id: s.id, name: s.name, category: s.category, methods: s.methods, summary: s.summary as StudyInput['summary'], validation: s.validation };
}

async function datasetOf(versionId: string): Promise<ResultsDataset> {
  const version = await findVersionById(versionId);
  if (!version) throw new AppError('not_found', 'The dataset version of these results was not found.');
  const dataset = await findDataset(version.datasetId);
  return { id: version.datasetId, name: dataset?.name ?? '', version: version.version, kind: version.kind, classNames: version.classNames };
}

/** Aggregates already-loaded rows (the bench measures this and the loading separately). */
export function buildResults(input: {
  kind: ResultsData['kind'];
  title: string;
  teamId: string;
  studies: ResultStudyRow[];
  runs: ResultRunRow[];
  dataset: ResultsDataset;
  baselineRunId?: string | null;
  /** Per-seed rows for exports (table.seedRows). */
  perSeed?: boolean;
}): ResultsData {
  const studies = input.studies.map(toStudyInput);
  const allRuns = input.runs.map(toRunInput);
  // The one place a sweep's other points leave: the table, headline and verdict see the chosen one only.
  const sweeps = selectSweeps(studies, allRuns.map((r) => ({ ...r, scalars: r.metrics?.scalars ?? null })));
  const runs = keepChosenRuns(allRuns, sweeps);
  const table = aggregateResults({
    studies,
    runs,
    sweeps,
    methodNames: methodNames(),
    classNames: input.dataset.classNames,
    baseline: input.baselineRunId ? { runId: input.baselineRunId } : 'study',
    perSeed: input.perSeed,
  });
  return {
    kind: input.kind,
    title: input.title,
    teamId: input.teamId,
    studies: input.studies.map((s) => ({ id: s.id, name: s.name, scenarioName: s.scenarioName, category: s.category })),
    dataset: input.dataset,
    status: input.runs.length ? studyStatus(input.runs) : 'waiting',
    table,
    headline: headline(table, verdictsOf(table, studies, runs, input.dataset.classNames.length), Object.fromEntries(studies.map((s) => [s.id, s.name]))),
  };
}

async function resultStudyFor(actor: Actor | null, studyId: string): Promise<ResultStudyRow> {
  requireActor(actor);
  const [study] = isUuid(studyId) ? await findResultStudies([studyId]) : [];
  if (!study) throw new AppError('not_found', 'Study was not found.');
  await authorizeTeam(actor, study.teamId, 'team.read', 'Study');
  return study;
}

export async function studyResults(actor: Actor | null, studyId: string, options: { perSeed?: boolean } = {}): Promise<ResultsData> {
  return loadStudyResults(await resultStudyFor(actor, studyId), options);
}

/** The results and the study's stored summary (the dashboard page's per-example card), from one read of the study. */
export async function studyResultsWithSummary(actor: Actor | null, studyId: string, options: { perSeed?: boolean } = {}): Promise<{ data: ResultsData; summary: Record<string, unknown> | null }> {
  const study = await resultStudyFor(actor, studyId);
  return { data: await loadStudyResults(study, options), summary: study.summary };
}

/**
 * A study's dashboard data without a gate: only for callers that authorized the study another
 * way (studyResults above by the team gate, the share page by its token in lib/reviews/shared).
 */
export async function loadStudyResults(study: ResultStudyRow, options: { perSeed?: boolean } = {}): Promise<ResultsData> {
  const [runs, dataset] = await Promise.all([listResultRuns({ studyId: study.id }), datasetOf(study.datasetVersionId)]);
  return buildResults({ kind: 'study', title: study.name, teamId: study.teamId, studies: [study], runs, dataset, perSeed: options.perSeed });
}

export type ExportFormat = 'csv' | 'json';

export function parseExportFormat(value: string | null): ExportFormat {
  if (value === null || value === 'csv' || value === 'json') return value ?? 'csv';
  throw new AppError('validation', `format: must be csv or json, got "${value}".`, { field: 'format' });
}

/** What an export's lines are: one per row (means and intervals) or one per run (seed). */
export type ExportRows = 'means' | 'seeds';

export function parseExportRows(value: string | null): ExportRows {
  if (value === null || value === 'means' || value === 'seeds') return value ?? 'means';
  throw new AppError('validation', `rows: must be means or seeds, got "${value}".`, { field: 'rows' });
}

/** The export options of a request: ?format=csv|json, ?rows=means|seeds, ?cols=a,b. */
export function exportRequest(url: URL): { format: ExportFormat; rows: ExportRows; columns: string[] | undefined } {
  return {
    format: parseExportFormat(url.searchParams.get('format')),
    rows: parseExportRows(url.searchParams.get('rows')),
    columns: url.searchParams.get('cols')?.split(',').filter(Boolean),
  };
}

/** The JSON file's content, as openapi.ts declares it (resultsExportSchema). */
function exportJson(data: ResultsData, columns?: string[]): Wire<z.output<typeof resultsExportSchema>> {
  return { ...tableToJson(data.table, data.title, columns), headline: data.headline.criteria.map((c) => c.sentence), verdictRule: data.headline.rule, verdictWarnings: data.headline.warnings };
}

/**
 * The table as a downloadable file. CSV: one line per row over the chosen columns (or all), or
 * with rows 'seeds' one line per run over every metric. JSON: the rows over the chosen columns,
 * plus every run's metrics when the table was aggregated per seed.
 */
export function exportResults(data: ResultsData, format: ExportFormat, columns?: string[], rows: ExportRows = 'means'): Response {
  if (rows === 'seeds' && !data.table.seedRows) throw new AppError('internal', 'Per-seed rows were asked for but not aggregated.');
  const name = exportFileName(rows === 'seeds' && format === 'csv' ? `${data.title} per seed` : data.title, format);
  const body = format === 'csv' ? (rows === 'seeds' ? seedRowsToCsv(data.table) : tableToCsv(data.table, data.title, columns)) : JSON.stringify(exportJson(data, columns), null, 2);
  return new Response(body, {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  });
}

type StoredPerExample = { forget: PerExampleForget; retain: PerExampleSplit; test: PerExampleSplit };

/** A run of a readable study, checked to belong to it (another study's run is not found). */
async function studyRun(actor: Actor | null, studyId: string, runId: string) {
  const study = await resultStudyFor(actor, studyId);
  const run = isUuid(runId) ? await findRun(runId) : undefined;
  if (!run || run.studyId !== study.id) throw new AppError('not_found', 'Run was not found in this study.', { field: 'runId' });
  return { study, run };
}

export interface RunDistributions {
  runId: string;
  seed: number;
  distributions: Distributions;
}

/** The run a distributions request names: ?runId, required. */
export function distributionsRunId(url: URL): string {
  const runId = url.searchParams.get('runId');
  if (!runId) throw new AppError('validation', 'runId: required.', { field: 'runId' });
  return runId;
}

/** Loss and confidence histograms of one run (its per-example artifact, decoded on demand). */
export async function runDistributions(actor: Actor | null, studyId: string, runId: string): Promise<RunDistributions> {
  const { run } = await studyRun(actor, studyId, runId);
  return distributionsOfRun(run);
}

/** The histograms of a run its caller authorized (the team gate above, or a share link's token). */
export async function distributionsOfRun(run: { id: string; seed: number }): Promise<RunDistributions> {
  const bytes = await loadArtifact(run.id, 'per-example');
  if (!bytes) throw new AppError('not_found', 'This run has no per-example results (it has not finished, or failed).');
  const pe = decodeBlob<StoredPerExample>(bytes);
  return { runId: run.id, seed: run.seed, distributions: distributions(pe) };
}

export interface ForgetExamples {
  datasetId: string;
  version: number;
  seed: number;
  requestIndex: number;
  classNames: string[];
  /** Forget rows shown (dataset row numbers, for the image route), their labels and each model's prediction. */
  items: Array<{ row: number; label: number; predictions: Record<string, number | null> }>;
  forgetCount: number;
  /** Row key → run id the predictions came from. */
  runs: Record<string, string>;
}

export interface ForgetExamplesOptions {
  seed?: number;
  limit?: number;
  requestIndex?: number;
}

function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new AppError('validation', `${name}: must be a non-negative integer.`, { field: name });
  return n;
}

/** The options of a forget-examples request: ?seed, ?limit (at most 96), ?request. */
export function forgetExamplesRequest(url: URL): ForgetExamplesOptions {
  return { seed: intParam(url, 'seed'), limit: intParam(url, 'limit'), requestIndex: intParam(url, 'request') };
}

/** A study's dataset (arrays, cached by hash) and the forget rows of each of its deletion requests. */
export async function forgetSetOf(study: ResultStudyRow) {
  const scenario = await findScenario(study.scenarioId);
  const version = await findVersionById(study.datasetVersionId);
  if (!scenario || !version) throw new AppError('not_found', 'The study’s scenario or dataset version is gone.');
  const { dataset } = await loadDatasetArrays(version.id);
  return { version, dataset, requests: resolveScenario(dataset, scenario.spec as ScenarioSpec).requests };
}

/** A sample of forget-set examples with each model's prediction, for the image grid (`team.read` on the study). */
export async function forgetExamples(actor: Actor | null, studyId: string, options: ForgetExamplesOptions): Promise<ForgetExamples> {
  const study = await resultStudyFor(actor, studyId);
  return loadForgetExamples(study, await listResultRuns({ studyId }), options);
}

/**
 * The forget examples of `runs` of a study, for a caller that authorized them (the team gate
 * above, or a share link's token for the runs its dashboard shows). The prediction is in each
 * run's per-example artifact (`forget.predicted`, by position in the forget set); the dataset
 * row of a position comes from resolving the scenario again.
 */
export async function loadForgetExamples(study: ResultStudyRow, studyRuns: readonly ResultRunRow[], options: ForgetExamplesOptions): Promise<ForgetExamples> {
  const runs = studyRuns.filter((r) => r.status === 'succeeded');
  const requestIndex = options.requestIndex ?? 0;
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const seed = options.seed !== undefined && seeds.includes(options.seed) ? options.seed : seeds[0];
  if (seed === undefined) throw new AppError('not_found', 'No run of this study has finished yet.');
  const { version, dataset, requests } = await forgetSetOf(study);
  const forgetRows = requests[requestIndex] ?? requests[0];
  const limit = Math.max(1, Math.min(options.limit ?? 24, 96));
  // Evenly spaced positions: a class-wise forget set sorted by row would otherwise show one corner.
  const step = Math.max(1, Math.floor(forgetRows.length / limit));
  const positions = Array.from({ length: Math.min(limit, forgetRows.length) }, (_, i) => i * step).filter((p) => p < forgetRows.length);
  const table = buildResults({ kind: 'study', title: study.name, teamId: study.teamId, studies: [study], runs, dataset: { id: version.datasetId, name: '', version: version.version, kind: version.kind, classNames: version.classNames } }).table;
  // Injected poison rows (security scenarios) may lie past the stored rows: they have no stored image.
  const shown = positions.filter((p) => forgetRows[p] < dataset.rowCount);
  const items = shown.map((p) => ({ row: forgetRows[p], label: dataset.labels[forgetRows[p]], predictions: {} as Record<string, number | null> }));
  const used: Record<string, string> = {};
  for (const row of table.rows) {
    if (row.requestIndex !== requestIndex) continue;
    const i = row.seeds.indexOf(seed);
    if (i === -1) continue;
    const runId = row.runIds[i];
    const bytes = await loadArtifact(runId, 'per-example');
    if (!bytes) continue;
    const pe = decodeBlob<StoredPerExample>(bytes);
    // rows[j] is the position in the forget set of predicted[j] (all forget rows are kept, in order).
    const byPosition = new Map<number, number>();
    pe.forget.rows.forEach((pos, j) => byPosition.set(pos, pe.forget.predicted[j]));
    items.forEach((item, k) => (item.predictions[row.key] = byPosition.get(shown[k]) ?? null));
    used[row.key] = runId;
  }
  return { datasetId: version.datasetId, version: version.version, seed, requestIndex, classNames: version.classNames, items, forgetCount: forgetRows.length, runs: used };
}

export { resultStudyFor };
