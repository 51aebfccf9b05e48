/**
 * Benchmarks and their entries. Every function rethrows driver errors as the one DbError (via
 * query()/inTransaction); callers (lib/benchmarks) do the authorization.
 */
import 'server-only';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { benchmarkEntries, benchmarks, datasets, datasetVersions, scenarios, shareLinks, studies, teamMembers, teams, type Benchmark, type BenchmarkEntry, type BenchmarkRecipe } from '../schema';
import type { Tx } from '../transaction';

/** A benchmark with what its pages name: the publishing team, the scenario and its dataset version. */
export interface BenchmarkRow extends Benchmark {
  teamName: string;
  scenarioName: string;
  category: (typeof scenarios.$inferSelect)['category'];
  forgetCount: number;
  trainCount: number;
  scenarioSpec: Record<string, unknown>;
  datasetName: string;
  datasetVersion: number;
  /** Entries not withdrawn. */
  entries: number;
}

const activeEntries = sql<number>`(select count(*)::int from ${benchmarkEntries} where ${benchmarkEntries.benchmarkId} = ${benchmarks.id} and ${benchmarkEntries.withdrawnAt} is null)`;

function benchmarkSelect(db: Awaited<ReturnType<typeof getDb>>) {
  return db
    .select({
      id: benchmarks.id,
      teamId: benchmarks.teamId,
      scenarioId: benchmarks.scenarioId,
      name: benchmarks.name,
      description: benchmarks.description,
      recipe: benchmarks.recipe,
      publishedBy: benchmarks.publishedBy,
      publishedAt: benchmarks.publishedAt,
      withdrawnAt: benchmarks.withdrawnAt,
      withdrawnBy: benchmarks.withdrawnBy,
      teamName: teams.name,
      scenarioName: scenarios.name,
      category: scenarios.category,
      forgetCount: scenarios.forgetCount,
      trainCount: scenarios.trainCount,
      scenarioSpec: scenarios.spec,
      datasetName: datasets.name,
      datasetVersion: datasetVersions.version,
      entries: activeEntries,
    })
    .from(benchmarks)
    .innerJoin(teams, eq(teams.id, benchmarks.teamId))
    .innerJoin(scenarios, eq(scenarios.id, benchmarks.scenarioId))
    .innerJoin(datasets, eq(datasets.id, scenarios.datasetId))
    .innerJoin(datasetVersions, eq(datasetVersions.id, scenarios.datasetVersionId));
}

/**
 * Inserts a benchmark and locks its scenario in the caller's transaction: a published scenario
 * is immutable like one a study uses (editing it saves a new scenario).
 */
export async function insertBenchmark(tx: Tx, values: { teamId: string; scenarioId: string; name: string; description: string; recipe: BenchmarkRecipe; publishedBy: string }): Promise<Benchmark> {
  const [row] = await tx.insert(benchmarks).values(values).returning();
  await tx.update(scenarios).set({ lockedAt: new Date() }).where(and(eq(scenarios.id, values.scenarioId), isNull(scenarios.lockedAt)));
  return row;
}

export async function findBenchmark(id: string): Promise<BenchmarkRow | undefined> {
  return query('find benchmark', async () => {
    const [row] = await benchmarkSelect(await getDb()).where(eq(benchmarks.id, id));
    return row;
  });
}

/** Published benchmarks, newest first; with `teamIds`, also those teams' withdrawn ones. */
export async function listBenchmarks(filter: { includeWithdrawnOf?: string[] } = {}): Promise<BenchmarkRow[]> {
  return query('list benchmarks', async () => {
    const teamsSeeingWithdrawn = filter.includeWithdrawnOf ?? [];
    const where = teamsSeeingWithdrawn.length ? sql`(${benchmarks.withdrawnAt} is null or ${inArray(benchmarks.teamId, teamsSeeingWithdrawn)})` : isNull(benchmarks.withdrawnAt);
    return benchmarkSelect(await getDb()).where(where).orderBy(desc(benchmarks.publishedAt));
  });
}

/** The benchmarks of a scenario that are published (not withdrawn). */
export async function publishedBenchmarksOfScenario(scenarioId: string): Promise<Benchmark[]> {
  return query('find published benchmarks of scenario', async () => {
    const db = await getDb();
    return db
      .select()
      .from(benchmarks)
      .where(and(eq(benchmarks.scenarioId, scenarioId), isNull(benchmarks.withdrawnAt)));
  });
}

/** Every benchmark of a scenario, withdrawn ones too (the scenario page of its team). */
export async function benchmarksOfScenario(scenarioId: string): Promise<Benchmark[]> {
  return query('find benchmarks of scenario', async () => {
    const db = await getDb();
    return db.select().from(benchmarks).where(eq(benchmarks.scenarioId, scenarioId)).orderBy(desc(benchmarks.publishedAt));
  });
}

/** Marks a benchmark withdrawn; answers it only when it was still published. */
export async function withdrawBenchmarkRow(tx: Tx, id: string, by: string): Promise<Benchmark | undefined> {
  const [row] = await tx
    .update(benchmarks)
    .set({ withdrawnAt: new Date(), withdrawnBy: by })
    .where(and(eq(benchmarks.id, id), isNull(benchmarks.withdrawnAt)))
    .returning();
  return row;
}

/** An entry with the names its leaderboard line shows. */
export interface EntryRow extends BenchmarkEntry {
  teamName: string;
  studyName: string;
  studyExternal: boolean;
  /** The entry's share link still works (not revoked by the submitting team, not expired). */
  linkActive: boolean;
}

function entrySelect(db: Awaited<ReturnType<typeof getDb>>) {
  return db
    .select({
      id: benchmarkEntries.id,
      benchmarkId: benchmarkEntries.benchmarkId,
      teamId: benchmarkEntries.teamId,
      studyId: benchmarkEntries.studyId,
      shareLinkId: benchmarkEntries.shareLinkId,
      shareToken: benchmarkEntries.shareToken,
      submittedBy: benchmarkEntries.submittedBy,
      submittedAt: benchmarkEntries.submittedAt,
      withdrawnAt: benchmarkEntries.withdrawnAt,
      withdrawnBy: benchmarkEntries.withdrawnBy,
      verifiedAt: benchmarkEntries.verifiedAt,
      verifiedBy: benchmarkEntries.verifiedBy,
      teamName: teams.name,
      studyName: studies.name,
      studyExternal: studies.external,
      linkActive: sql<boolean>`coalesce(${shareLinks.revokedAt} is null and (${shareLinks.expiresAt} is null or ${shareLinks.expiresAt} > now()), false)`,
    })
    .from(benchmarkEntries)
    .innerJoin(teams, eq(teams.id, benchmarkEntries.teamId))
    .innerJoin(studies, eq(studies.id, benchmarkEntries.studyId))
    .leftJoin(shareLinks, eq(shareLinks.id, benchmarkEntries.shareLinkId));
}

/** The entries of a benchmark that are not withdrawn, oldest first. */
export async function listActiveEntries(benchmarkId: string): Promise<EntryRow[]> {
  return query('list benchmark entries', async () => {
    return entrySelect(await getDb())
      .where(and(eq(benchmarkEntries.benchmarkId, benchmarkId), isNull(benchmarkEntries.withdrawnAt)))
      .orderBy(benchmarkEntries.submittedAt);
  });
}

export async function findEntry(id: string): Promise<EntryRow | undefined> {
  return query('find benchmark entry', async () => {
    const [row] = await entrySelect(await getDb()).where(eq(benchmarkEntries.id, id));
    return row;
  });
}

export async function insertEntry(tx: Tx, values: { benchmarkId: string; teamId: string; studyId: string; shareLinkId: string; shareToken: string; submittedBy: string }): Promise<BenchmarkEntry> {
  const [row] = await tx.insert(benchmarkEntries).values(values).returning();
  return row;
}

/** Marks an entry withdrawn; answers it only when it was still on the leaderboard. */
export async function withdrawEntryRow(tx: Tx, id: string, by: string): Promise<BenchmarkEntry | undefined> {
  const [row] = await tx
    .update(benchmarkEntries)
    .set({ withdrawnAt: new Date(), withdrawnBy: by, shareToken: null })
    .where(and(eq(benchmarkEntries.id, id), isNull(benchmarkEntries.withdrawnAt)))
    .returning();
  return row;
}

export async function setEntryVerified(tx: Tx, id: string, verified: boolean, by: string): Promise<BenchmarkEntry | undefined> {
  const [row] = await tx
    .update(benchmarkEntries)
    .set(verified ? { verifiedAt: new Date(), verifiedBy: by } : { verifiedAt: null, verifiedBy: null })
    .where(and(eq(benchmarkEntries.id, id), isNull(benchmarkEntries.withdrawnAt)))
    .returning();
  return row;
}

/** External studies of `teamIds` on a scenario (candidates for an entry), newest first. */
export async function studiesOnScenario(scenarioId: string, teamIds: string[]): Promise<Array<{ id: string; name: string; teamId: string; teamName: string; external: boolean }>> {
  if (!teamIds.length) return [];
  return query('list studies on scenario', async () => {
    const db = await getDb();
    return db
      .select({ id: studies.id, name: studies.name, teamId: studies.teamId, teamName: teams.name, external: studies.external })
      .from(studies)
      .innerJoin(teams, eq(teams.id, studies.teamId))
      .where(and(eq(studies.scenarioId, scenarioId), inArray(studies.teamId, teamIds)))
      .orderBy(desc(studies.createdAt));
  });
}

/** Whether one of the user's teams has a study on the scenario (built while a benchmark published it). */
export async function userHasStudyOnScenario(userId: string, scenarioId: string): Promise<boolean> {
  return query('find studies of user on scenario', async () => {
    const db = await getDb();
    const [row] = await db
      .select({ id: studies.id })
      .from(studies)
      .innerJoin(teamMembers, and(eq(teamMembers.teamId, studies.teamId), eq(teamMembers.userId, userId)))
      .where(eq(studies.scenarioId, scenarioId))
      .limit(1);
    return row !== undefined;
  });
}
