import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { runArtifacts, runs, type ExternalProvenance, type Run } from '../schema';
import { inTransaction as transaction } from '../transaction';

export interface NewExternalRun {
  studyId: string;
  teamId: string;
  kind: Run['kind'];
  methodId: string | null;
  methodConfig: Record<string, unknown> | null;
  seed: number;
  requestIndex: number;
  inputHash: string;
  external: ExternalProvenance;
  metrics: Record<string, unknown>;
  manifest: Record<string, unknown>;
}

/** The run stored, or the run that already holds its slot (nothing stored). */
export type ExternalInsertResult = { stored: Run } | { taken: Run };

/**
 * Stores an uploaded run as succeeded with its artifacts, in one transaction under the study's
 * lock: a second upload for the same role, seed, request (and method) finds the first and
 * stores nothing. `referenceRunId` (the retrain an unlearned run was scored against) is kept
 * in dependsOn, as for Lethe's own runs.
 */
export async function insertExternalRun(run: NewExternalRun, artifacts: Array<{ key: string; data: Uint8Array }>, referenceRunId: string | null): Promise<ExternalInsertResult> {
  return transaction('store external run', async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`lethe-external:${run.studyId}`}))`);
    const same = await tx
      .select()
      .from(runs)
      .where(
        and(
          eq(runs.studyId, run.studyId),
          eq(runs.variant, 'external'),
          eq(runs.kind, run.kind),
          eq(runs.seed, run.seed),
          eq(runs.requestIndex, run.requestIndex),
          run.methodId === null ? sql`${runs.methodId} is null` : eq(runs.methodId, run.methodId),
        ),
      )
      .limit(1);
    if (same[0]) return { taken: same[0] };
    const now = new Date();
    const [stored] = await tx
      .insert(runs)
      .values({
        ...run,
        variant: 'external',
        dependsOn: referenceRunId ? [referenceRunId] : [],
        reusedFromRunId: null,
        status: 'succeeded',
        phase: 'done',
        progress: 1,
        startedAt: now,
        finishedAt: now,
      })
      .returning();
    for (const a of artifacts) await tx.insert(runArtifacts).values({ runId: stored.id, key: a.key, data: a.data });
    return { stored };
  });
}
