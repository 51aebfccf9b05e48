import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { runIdentityColumns } from './run-columns';
import { comparisons, datasets, runs, scenarios, studies, users, type Comparison, type Run, type StudyMethod, type StudyValidation } from '../schema';

export type NewComparison = Pick<Comparison, 'teamId' | 'datasetId' | 'name' | 'runIds' | 'baselineRunId' | 'viewState' | 'createdBy'>;

export async function insertComparison(values: NewComparison): Promise<Comparison> {
  return query('create comparison', async () => {
    const db = await getDb();
    const [row] = await db.insert(comparisons).values(values).returning();
    return row;
  });
}

export async function findComparison(id: string): Promise<Comparison | undefined> {
  return query('find comparison', async () => {
    const db = await getDb();
    const [row] = await db.select().from(comparisons).where(eq(comparisons.id, id));
    return row;
  });
}

export async function updateComparison(id: string, values: Partial<Pick<Comparison, 'name' | 'runIds' | 'baselineRunId' | 'viewState'>>): Promise<Comparison | undefined> {
  return query('update comparison', async () => {
    const db = await getDb();
    const [row] = await db.update(comparisons).set({ ...values, updatedAt: new Date() }).where(eq(comparisons.id, id)).returning();
    return row;
  });
}

export async function deleteComparison(id: string): Promise<void> {
  await query('delete comparison', async () => {
    const db = await getDb();
    await db.delete(comparisons).where(eq(comparisons.id, id));
  });
}

export interface ComparisonListRow {
  id: string;
  name: string;
  datasetId: string;
  datasetName: string;
  runCount: number;
  baselineRunId: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listComparisons(teamId: string): Promise<ComparisonListRow[]> {
  return query('list comparisons', async () => {
    const db = await getDb();
    return db
      .select({
        id: comparisons.id,
        name: comparisons.name,
        datasetId: comparisons.datasetId,
        datasetName: datasets.name,
        runCount: sql<number>`jsonb_array_length(${comparisons.runIds})::int`,
        baselineRunId: comparisons.baselineRunId,
        createdBy: comparisons.createdBy,
        createdByName: users.name,
        createdAt: comparisons.createdAt,
        updatedAt: comparisons.updatedAt,
      })
      .from(comparisons)
      .innerJoin(datasets, eq(datasets.id, comparisons.datasetId))
      .leftJoin(users, eq(users.id, comparisons.createdBy))
      .where(eq(comparisons.teamId, teamId))
      .orderBy(desc(comparisons.updatedAt));
  });
}

/** What the results table needs of a run: no log, no manifest, and of the live detail only the curve. */
export type ResultRunRow = Pick<Run, 'id' | 'studyId' | 'teamId' | 'kind' | 'variant' | 'methodId' | 'methodConfig' | 'seed' | 'requestIndex' | 'status' | 'metrics'> & {
  curve: Array<{ epoch: number; phase: string; loss: number }> | null;
  /** An external run's reference kind (null: none recorded) and what was uploaded (null: a run of Lethe's). */
  externalReference: string | null;
  externalSource: 'model' | 'logits' | null;
};

const resultColumns = {
  ...runIdentityColumns,
  studyId: runs.studyId,
  teamId: runs.teamId,
  status: runs.status,
  metrics: runs.metrics,
  curve: sql<ResultRunRow['curve']>`${runs.progressDetail} -> 'curve'`,
  externalReference: sql<string | null>`${runs.external} -> 'reference' ->> 'kind'`,
  externalSource: sql<ResultRunRow['externalSource']>`CASE WHEN ${runs.external} IS NULL THEN NULL WHEN (${runs.external} -> 'files' -> 'model') IS NOT NULL THEN 'model' ELSE 'logits' END`,
};

export async function listResultRuns(filter: { studyId?: string; runIds?: string[] }): Promise<ResultRunRow[]> {
  if (filter.runIds && filter.runIds.length === 0) return [];
  return query('list result runs', async () => {
    const db = await getDb();
    const where = filter.runIds ? inArray(runs.id, filter.runIds) : eq(runs.studyId, filter.studyId ?? '');
    return db.select(resultColumns).from(runs).where(where).orderBy(asc(runs.seed), asc(runs.requestIndex));
  });
}

export interface ResultStudyRow {
  id: string;
  teamId: string;
  name: string;
  datasetId: string;
  datasetVersionId: string;
  scenarioId: string;
  scenarioName: string;
  category: 'security' | 'privacy' | 'usability' | 'fidelity';
  methods: StudyMethod[];
  summary: Record<string, unknown> | null;
  seeds: number[];
  /** A sweeping study's validation split (its size is stated beside the sweep). */
  validation: StudyValidation | null;
  createdAt: Date;
}

export async function findResultStudies(ids: string[]): Promise<ResultStudyRow[]> {
  if (ids.length === 0) return [];
  return query('find result studies', async () => {
    const db = await getDb();
    return db
      .select({
        id: studies.id,
        teamId: studies.teamId,
        name: studies.name,
        datasetId: studies.datasetId,
        datasetVersionId: studies.datasetVersionId,
        scenarioId: studies.scenarioId,
        scenarioName: scenarios.name,
        category: scenarios.category,
        methods: studies.methods,
        summary: studies.summary,
        seeds: studies.seeds,
        validation: studies.validation,
        createdAt: studies.createdAt,
      })
      .from(studies)
      .innerJoin(scenarios, eq(scenarios.id, studies.scenarioId))
      .where(inArray(studies.id, ids))
      .orderBy(asc(studies.createdAt));
  });
}

/** Runs a comparison can pick from: every run of the team's studies on one dataset, without metrics. */
export async function listCandidateRuns(teamId: string, datasetId: string) {
  return query('list comparison candidates', async () => {
    const db = await getDb();
    return db
      .select({
        ...runIdentityColumns,
        studyId: runs.studyId,
        studyName: studies.name,
        studyCreatedAt: studies.createdAt,
        scenarioName: scenarios.name,
        category: scenarios.category,
        status: runs.status,
      })
      .from(runs)
      .innerJoin(studies, eq(studies.id, runs.studyId))
      .innerJoin(scenarios, eq(scenarios.id, studies.scenarioId))
      .where(and(eq(studies.teamId, teamId), eq(studies.datasetId, datasetId)))
      .orderBy(desc(studies.createdAt), asc(runs.kind), asc(runs.methodId), asc(runs.seed));
  });
}
