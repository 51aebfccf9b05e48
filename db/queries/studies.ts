import 'server-only';
import { and, asc, desc, eq, gt, inArray, isNull, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import { getDb, type Db } from '../client';
import { query } from '../errors';
import { datasets, runArtifacts, runs, scenarios, studies, workers, type Run, type RunFailure, type RunStatus, type Study } from '../schema';
import { inTransaction as transaction, type Tx } from '../transaction';
import { runIdentityColumns, runProgressColumns } from './run-columns';

export type NewStudy = Omit<Study, 'id' | 'createdAt' | 'finishedAt' | 'summary' | 'reviewStatus' | 'reviewAssignee' | 'external' | 'validation'> & { external?: boolean; validation?: Study['validation'] };
export type NewRun = Pick<Run, 'id' | 'kind' | 'variant' | 'methodId' | 'methodConfig' | 'seed' | 'requestIndex' | 'dependsOn' | 'inputHash' | 'reusedFromRunId'>;

export const TERMINAL_STATUSES: RunStatus[] = ['succeeded', 'failed', 'cancelled'];


/** Statuses of a run whose model another run may take: done, or still to be computed (in flight). */
const REUSABLE_STATUSES: RunStatus[] = ['succeeded', 'running', 'queued', 'waiting'];

/**
 * The run an identical planned run can take its model from: a succeeded one first, else one in
 * flight (waiting, queued or running) that computes its own model, the oldest first.
 */
async function reusableRun(db: Db | Tx, teamId: string, kind: Run['kind'], inputHash: string): Promise<Run | undefined> {
  const [row] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.teamId, teamId), eq(runs.kind, kind), eq(runs.inputHash, inputHash), inArray(runs.status, REUSABLE_STATUSES)))
    .orderBy(sql`${runs.status} = 'succeeded' desc`, sql`${runs.reusedFromRunId} is null desc`, asc(runs.createdAt))
    .limit(1);
  return row;
}

/**
 * Stores a study with its planned runs and locks its scenario (it is immutable from now on).
 * Originals and retrains take the model of an identical run of the team when one exists,
 * finished or still in flight; the lookup and the insert hold the team's lock, so two studies
 * created at the same moment share one training instead of both computing it.
 */
export async function insertStudyWithRuns(study: NewStudy, planned: NewRun[]): Promise<{ study: Study; runs: Run[] }> {
  return transaction('create study', async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`lethe-study:${study.teamId}`}))`);
    const withReuse: NewRun[] = [];
    for (const run of planned) {
      const source = run.kind === 'unlearned' ? undefined : await reusableRun(tx, study.teamId, run.kind, run.inputHash);
      withReuse.push({ ...run, reusedFromRunId: source?.id ?? null });
    }
    const [row] = await tx.insert(studies).values(study).returning();
    const inserted = withReuse.length ? await tx.insert(runs).values(withReuse.map((r) => ({ ...r, studyId: row.id, teamId: study.teamId }))).returning() : [];
    await tx.update(scenarios).set({ lockedAt: new Date() }).where(and(eq(scenarios.id, study.scenarioId), isNull(scenarios.lockedAt)));
    return { study: row, runs: inserted };
  });
}

export async function findStudy(id: string): Promise<Study | undefined> {
  return query('find study', async () => {
    const db = await getDb();
    const [row] = await db.select().from(studies).where(eq(studies.id, id));
    return row;
  });
}

export interface StudyListRow {
  id: string;
  name: string;
  scenarioId: string;
  datasetId: string;
  datasetName: string;
  scenarioName: string;
  category: string;
  createdAt: Date;
  finishedAt: Date | null;
  reviewStatus: string;
  runCount: number;
  succeeded: number;
  failed: number;
  active: number;
}

export async function listStudies(filter: { teamId: string; scenarioId?: string; datasetId?: string }): Promise<StudyListRow[]> {
  return query('list studies', async () => {
    const db = await getDb();
    const conditions: SQL[] = [eq(studies.teamId, filter.teamId)];
    if (filter.scenarioId) conditions.push(eq(studies.scenarioId, filter.scenarioId));
    if (filter.datasetId) conditions.push(eq(studies.datasetId, filter.datasetId));
    return db
      .select({
        id: studies.id,
        name: studies.name,
        scenarioId: studies.scenarioId,
        datasetId: studies.datasetId,
        datasetName: datasets.name,
        scenarioName: scenarios.name,
        category: scenarios.category,
        createdAt: studies.createdAt,
        finishedAt: studies.finishedAt,
        reviewStatus: studies.reviewStatus,
        runCount: sql<number>`count(${runs.id})::int`,
        succeeded: sql<number>`count(${runs.id}) filter (where ${runs.status} = 'succeeded')::int`,
        failed: sql<number>`count(${runs.id}) filter (where ${runs.status} = 'failed')::int`,
        active: sql<number>`count(${runs.id}) filter (where ${runs.status} in ('waiting', 'queued', 'running'))::int`,
      })
      .from(studies)
      .innerJoin(datasets, eq(datasets.id, studies.datasetId))
      .innerJoin(scenarios, eq(scenarios.id, studies.scenarioId))
      .leftJoin(runs, eq(runs.studyId, studies.id))
      .where(and(...conditions))
      .groupBy(studies.id, datasets.name, scenarios.name, scenarios.category)
      .orderBy(desc(studies.createdAt));
  });
}

export async function studiesUsingDataset(datasetId: string): Promise<Array<{ id: string; name: string }>> {
  return query('list studies of dataset', async () => {
    const db = await getDb();
    return db.select({ id: studies.id, name: studies.name }).from(studies).where(eq(studies.datasetId, datasetId));
  });
}

export async function studiesUsingScenario(scenarioId: string): Promise<Array<{ id: string; name: string }>> {
  return query('list studies of scenario', async () => {
    const db = await getDb();
    return db.select({ id: studies.id, name: studies.name }).from(studies).where(eq(studies.scenarioId, scenarioId));
  });
}

export async function listRuns(studyId: string): Promise<Run[]> {
  return query('list runs', async () => {
    const db = await getDb();
    return db.select().from(runs).where(eq(runs.studyId, studyId)).orderBy(asc(runs.createdAt), asc(runs.seed), asc(runs.requestIndex));
  });
}

/**
 * What the study's facts read of its runs (seeds, uploaded methods): three small columns, so a
 * page that states them does not move every run's metrics record, log and manifest.
 */
export async function listRunFacts(studyId: string): Promise<Array<{ seed: number; methodId: string | null; external: boolean }>> {
  return query('list run facts', async () => {
    const db = await getDb();
    return db
      .select({ seed: runs.seed, methodId: runs.methodId, external: sql<boolean>`${runs.external} is not null` })
      .from(runs)
      .where(eq(runs.studyId, studyId));
  });
}

/** The columns of a run the study page's table shows: no log, failures or manifest. */
export type RunTableRow = Pick<Run, 'id' | 'kind' | 'variant' | 'methodId' | 'methodConfig' | 'seed' | 'requestIndex' | 'status' | 'phase' | 'progress' | 'progressDetail' | 'attempt' | 'workerId' | 'reusedFromRunId' | 'error' | 'queuedAt' | 'startedAt' | 'finishedAt' | 'dependsOn' | 'external' | 'metrics'>;

/**
 * The runs of a study for its runs table. A stored metrics record is ~36 KB (fairness, ROC
 * curves, per-class accuracy); the table reads a handful of numbers from it (keyMetrics in
 * app/_components/studies/study-format.ts), so only those subtrees leave the database, in the
 * same shape: a 32-seed x 10-method study would otherwise move ~14 MB per page load.
 */
export async function listRunsForTable(studyId: string): Promise<RunTableRow[]> {
  return query('list runs for table', async () => {
    const db = await getDb();
    const m = runs.metrics;
    // Keys are constants written into the statement: a bound parameter after -> is ambiguous (text or integer).
    const gap = (key: string) => sql`jsonb_build_object('gap', ${m}->'reference'->'gaps'->'gaps'->${sql.raw(`'${key}'`)}->'gap')`;
    return db
      .select({
        ...runIdentityColumns,
        ...runProgressColumns,
        progressDetail: runs.progressDetail,
        attempt: runs.attempt,
        dependsOn: runs.dependsOn,
        external: runs.external,
        metrics: sql<Record<string, unknown> | null>`case when ${m} is null then null else jsonb_strip_nulls(jsonb_build_object(
          'accuracy', ${m}->'accuracy',
          'timing', ${m}->'timing',
          'scalars', jsonb_build_object('mia.loss.auc', ${m}->'scalars'->'mia.loss.auc', 'accuracy.forget', ${m}->'scalars'->'accuracy.forget', 'accuracy.retain', ${m}->'scalars'->'accuracy.retain', 'accuracy.test', ${m}->'scalars'->'accuracy.test'),
          'membershipInference', jsonb_build_object('lossThreshold', jsonb_build_object('auc', ${m}->'membershipInference'->'lossThreshold'->'auc')),
          'reference', jsonb_build_object('gaps', jsonb_build_object('averageGap', ${m}->'reference'->'gaps'->'averageGap', 'gaps', jsonb_build_object('accuracy.forget', ${gap('accuracy.forget')}, 'accuracy.retain', ${gap('accuracy.retain')}, 'accuracy.test', ${gap('accuracy.test')})))
        )) end`,
      })
      .from(runs)
      .where(eq(runs.studyId, studyId))
      .orderBy(asc(runs.createdAt), asc(runs.seed), asc(runs.requestIndex));
  });
}

export async function findRun(id: string): Promise<Run | undefined> {
  return query('find run', async () => {
    const db = await getDb();
    const [row] = await db.select().from(runs).where(eq(runs.id, id));
    return row;
  });
}

/** A run with the same inputs, in the same team, whose model can be reused: succeeded, or in flight. */
export async function findReusableRun(teamId: string, kind: Run['kind'], inputHash: string): Promise<Run | undefined> {
  return query('find reusable run', async () => reusableRun(await getDb(), teamId, kind, inputHash));
}

/** Statuses of runs by id (the sources reusing runs wait for). */
export async function runStatuses(ids: string[]): Promise<Map<string, RunStatus>> {
  if (ids.length === 0) return new Map();
  return query('run statuses', async () => {
    const db = await getDb();
    const rows = await db.select({ id: runs.id, status: runs.status }).from(runs).where(inArray(runs.id, ids));
    return new Map(rows.map((r) => [r.id, r.status]));
  });
}

/** A waiting run whose source failed or was cancelled computes its own model instead. */
export async function dropReuse(runId: string): Promise<void> {
  await query('drop reuse', async () => {
    const db = await getDb();
    await db.update(runs).set({ reusedFromRunId: null, updatedAt: new Date() }).where(and(eq(runs.id, runId), eq(runs.status, 'waiting')));
  });
}

/** Other studies with waiting runs that take their model from one of `sourceIds`. */
export async function studiesWaitingOn(sourceIds: string[], exceptStudyId: string): Promise<string[]> {
  if (sourceIds.length === 0) return [];
  return query('studies waiting on runs', async () => {
    const db = await getDb();
    const rows = await db
      .selectDistinct({ studyId: runs.studyId })
      .from(runs)
      .where(and(inArray(runs.reusedFromRunId, sourceIds), eq(runs.status, 'waiting'), ne(runs.studyId, exceptStudyId)));
    return rows.map((r) => r.studyId);
  });
}

/** Moves waiting runs to queued; returns the ones this call moved (so each is enqueued once). */
export async function markQueued(runIds: string[]): Promise<Run[]> {
  if (runIds.length === 0) return [];
  return query('queue runs', async () => {
    const db = await getDb();
    return db
      .update(runs)
      .set({ status: 'queued', queuedAt: new Date(), updatedAt: new Date(), phase: 'queued' })
      .where(and(inArray(runs.id, runIds), eq(runs.status, 'waiting')))
      .returning();
  });
}

/**
 * A worker takes a run: a queued run, or a running one whose previous worker died (the queue
 * hands its job out again). Returns the run with its new attempt number, or undefined when the
 * run ended meanwhile (cancelled, or already succeeded: a duplicate job).
 */
export async function claimRun(runId: string, workerId: string): Promise<Run | undefined> {
  return query('claim run', async () => {
    const db = await getDb();
    const [row] = await db
      .update(runs)
      .set({
        status: 'running',
        attempt: sql`${runs.attempt} + 1`,
        workerId,
        startedAt: new Date(),
        heartbeatAt: new Date(),
        updatedAt: new Date(),
        phase: 'loading',
        progress: 0,
        error: null,
      })
      .where(and(eq(runs.id, runId), inArray(runs.status, ['queued', 'running'])))
      .returning();
    return row;
  });
}

/** Progress of the current attempt; a stale attempt (its run was retried or cancelled) writes nothing. */
export async function updateRunProgress(runId: string, attempt: number, values: { phase: string; progress: number; progressDetail: Record<string, unknown> }): Promise<Run['status'] | undefined> {
  return query('update run progress', async () => {
    const db = await getDb();
    const [row] = await db
      .update(runs)
      .set({ ...values, heartbeatAt: new Date(), updatedAt: new Date() })
      .where(and(eq(runs.id, runId), eq(runs.attempt, attempt), eq(runs.status, 'running')))
      .returning({ status: runs.status });
    if (row) return row.status;
    const [current] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
    return current?.status;
  });
}

/** Adds how an attempt ended without finishing; returns every failure recorded for the run. */
export async function recordRunFailure(runId: string, failure: RunFailure): Promise<RunFailure[]> {
  return query('record run failure', async () => {
    const db = await getDb();
    const entry = JSON.stringify([failure]);
    const [row] = await db
      .update(runs)
      .set({ failures: sql`${runs.failures} || ${entry}::jsonb`, updatedAt: new Date() })
      .where(eq(runs.id, runId))
      .returning({ failures: runs.failures });
    return row?.failures ?? [];
  });
}

export async function appendRunLog(runId: string, message: string): Promise<void> {
  await query('append run log', async () => {
    const db = await getDb();
    const entry = JSON.stringify([{ at: new Date().toISOString(), message }]);
    await db.update(runs).set({ log: sql`${runs.log} || ${entry}::jsonb`, updatedAt: new Date() }).where(eq(runs.id, runId));
  });
}

/**
 * Writes a run's results once: artifacts are upserted by key and the run moves to succeeded only
 * if this attempt still owns it, so a retried or duplicated job never leaves two sets of results.
 */
export async function finishRun(
  runId: string,
  attempt: number,
  result: { metrics: Record<string, unknown>; manifest: Record<string, unknown>; progressDetail: Record<string, unknown>; artifacts: Array<{ key: string; data: Uint8Array }> },
): Promise<boolean> {
  return transaction('store run results', async (tx) => {
    const [owned] = await tx
      .select({ id: runs.id })
      .from(runs)
      .where(and(eq(runs.id, runId), eq(runs.attempt, attempt), eq(runs.status, 'running')))
      .for('update');
    if (!owned) return false;
    for (const a of result.artifacts) {
      await tx
        .insert(runArtifacts)
        .values({ runId, key: a.key, data: a.data })
        .onConflictDoUpdate({ target: [runArtifacts.runId, runArtifacts.key], set: { data: a.data, createdAt: new Date() } });
    }
    await tx
      .update(runs)
      .set({ status: 'succeeded', metrics: result.metrics, manifest: result.manifest, progressDetail: result.progressDetail, progress: 1, phase: 'done', finishedAt: new Date(), updatedAt: new Date() })
      .where(eq(runs.id, runId));
    return true;
  });
}

export async function failRun(runId: string, attempt: number, error: string, status: 'failed' | 'cancelled' = 'failed'): Promise<boolean> {
  return query('fail run', async () => {
    const db = await getDb();
    const rows = await db
      .update(runs)
      .set({ status, error, phase: status, finishedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(runs.id, runId), eq(runs.attempt, attempt), eq(runs.status, 'running')))
      .returning({ id: runs.id });
    return rows.length > 0;
  });
}

/** Cancels every run of a study (or one run) that has not ended; returns the cancelled runs. */
export async function cancelRuns(filter: { studyId?: string; runId?: string }): Promise<Run[]> {
  return query('cancel runs', async () => {
    const db = await getDb();
    const target = filter.runId ? eq(runs.id, filter.runId) : eq(runs.studyId, filter.studyId ?? '');
    return db
      .update(runs)
      .set({ status: 'cancelled', phase: 'cancelled', finishedAt: new Date(), updatedAt: new Date(), error: 'Cancelled by a user.' })
      .where(and(target, notInArray(runs.status, TERMINAL_STATUSES)))
      .returning();
  });
}

/** Puts a failed or cancelled run (and what waits on it) back to waiting. */
export async function resetRunsForRetry(runIds: string[]): Promise<Run[]> {
  if (runIds.length === 0) return [];
  return query('retry runs', async () => {
    const db = await getDb();
    return db
      .update(runs)
      // a retry asked for by a person starts with a clean record: earlier failures no longer stop it
      .set({ status: 'waiting', phase: 'waiting', progress: 0, error: null, failures: [], finishedAt: null, startedAt: null, updatedAt: new Date() })
      .where(and(inArray(runs.id, runIds), inArray(runs.status, ['failed', 'cancelled'])))
      .returning();
  });
}

export async function loadArtifact(runId: string, key: string): Promise<Uint8Array | undefined> {
  return query('load run artifact', async () => {
    const db = await getDb();
    const [row] = await db.select({ data: runArtifacts.data }).from(runArtifacts).where(and(eq(runArtifacts.runId, runId), eq(runArtifacts.key, key)));
    return row?.data;
  });
}

export async function listArtifactKeys(runId: string): Promise<string[]> {
  return query('list run artifacts', async () => {
    const db = await getDb();
    const rows = await db.select({ key: runArtifacts.key }).from(runArtifacts).where(eq(runArtifacts.runId, runId));
    return rows.map((r) => r.key);
  });
}

export async function setStudySummary(studyId: string, summary: Record<string, unknown>): Promise<void> {
  await query('store study summary', async () => {
    const db = await getDb();
    await db.update(studies).set({ summary, finishedAt: new Date() }).where(eq(studies.id, studyId));
  });
}

/** The latest change time of a study's runs, for the live view to notice updates. */
export async function studyRunsVersion(studyId: string): Promise<string> {
  return query('study runs version', async () => {
    const db = await getDb();
    const [row] = await db
      .select({ latest: sql<string>`coalesce(max(${runs.updatedAt})::text, '')`, n: sql<number>`count(*)::int` })
      .from(runs)
      .where(eq(runs.studyId, studyId));
    const [study] = await db.select({ finishedAt: studies.finishedAt }).from(studies).where(eq(studies.id, studyId));
    return `${row?.latest}|${row?.n}|${study?.finishedAt?.toISOString() ?? ''}`;
  });
}

export interface TeamRunRow {
  id: string;
  studyId: string;
  studyName: string;
  kind: Run['kind'];
  variant: string;
  methodId: string | null;
  methodConfig: Record<string, unknown> | null;
  seed: number;
  requestIndex: number;
  status: RunStatus;
  phase: string;
  progress: number;
  workerId: string | null;
  queuedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  reusedFromRunId: string | null;
}

export async function listTeamRuns(teamId: string, filter: { status?: RunStatus[]; studyId?: string; limit?: number }): Promise<TeamRunRow[]> {
  return query('list team runs', async () => {
    const db = await getDb();
    const conditions: SQL[] = [eq(runs.teamId, teamId)];
    if (filter.status?.length) conditions.push(inArray(runs.status, filter.status));
    if (filter.studyId) conditions.push(eq(runs.studyId, filter.studyId));
    return db
      .select({
        ...runIdentityColumns,
        ...runProgressColumns,
        studyId: runs.studyId,
        studyName: studies.name,
      })
      .from(runs)
      .innerJoin(studies, eq(studies.id, runs.studyId))
      .where(and(...conditions))
      .orderBy(desc(runs.updatedAt))
      .limit(Math.min(filter.limit ?? 200, 1000));
  });
}

export async function countRunningForTeam(teamId: string): Promise<number> {
  return query('count running runs', async () => {
    const db = await getDb();
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(runs).where(and(eq(runs.teamId, teamId), eq(runs.status, 'running')));
    return row.n;
  });
}

/** Runs marked running whose worker stopped reporting; the queue retries their jobs, this catches the rest. */
export async function staleRunningRuns(olderThan: Date): Promise<Run[]> {
  return query('find stale runs', async () => {
    const db = await getDb();
    return db
      .select()
      .from(runs)
      .where(and(eq(runs.status, 'running'), sql`${runs.heartbeatAt} < ${olderThan.toISOString()}`));
  });
}

export async function upsertWorker(values: { id: string; host: string; pid: number; concurrency: number; backend: string | null }): Promise<void> {
  await query('register worker', async () => {
    const db = await getDb();
    await db
      .insert(workers)
      .values({ ...values, lastSeenAt: new Date() })
      .onConflictDoUpdate({ target: workers.id, set: { lastSeenAt: new Date(), backend: values.backend, concurrency: values.concurrency } });
  });
}

export async function listLiveWorkers(since: Date) {
  return query('list workers', async () => {
    const db = await getDb();
    return db.select().from(workers).where(gt(workers.lastSeenAt, since)).orderBy(asc(workers.startedAt));
  });
}

export async function removeWorker(id: string): Promise<void> {
  await query('remove worker', async () => {
    const db = await getDb();
    await db.delete(workers).where(eq(workers.id, id));
  });
}

export async function recentRunSeconds(teamId: string | null, limit = 50): Promise<Array<{ kind: Run['kind']; seconds: number; manifest: Record<string, unknown> | null }>> {
  return query('recent run timings', async () => {
    const db = await getDb();
    const rows = await db
      .select({ kind: runs.kind, startedAt: runs.startedAt, finishedAt: runs.finishedAt, manifest: runs.manifest })
      .from(runs)
      .where(and(eq(runs.status, 'succeeded'), isNull(runs.reusedFromRunId), teamId ? eq(runs.teamId, teamId) : ne(runs.teamId, '00000000-0000-0000-0000-000000000000')))
      .orderBy(desc(runs.finishedAt))
      .limit(limit);
    return rows
      .filter((r) => r.startedAt && r.finishedAt)
      .map((r) => ({ kind: r.kind, seconds: ((r.finishedAt as Date).getTime() - (r.startedAt as Date).getTime()) / 1000, manifest: r.manifest }));
  });
}
