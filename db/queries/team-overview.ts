import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { reviewEvents, runs, scenarios, studies, teamMembers, users } from '../schema';

/** A study of the team with work still to do, and where its runs stand. */
export interface ActiveStudyRow {
  id: string;
  name: string;
  scenarioName: string;
  createdAt: Date;
  running: number;
  /** Queued for a worker, or waiting for the runs they depend on. */
  queued: number;
  succeeded: number;
  /** Failed or cancelled. */
  ended: number;
  total: number;
}

/**
 * Studies with at least one run waiting, queued or running, those with a running run first,
 * then the newest. `limit` caps the list (the overview shows a few and links to the rest).
 */
export async function listActiveStudies(teamId: string, limit = 10): Promise<ActiveStudyRow[]> {
  return query('list active studies', async () => {
    const db = await getDb();
    const running = sql<number>`count(${runs.id}) filter (where ${runs.status} = 'running')::int`;
    const queued = sql<number>`count(${runs.id}) filter (where ${runs.status} in ('waiting', 'queued'))::int`;
    return db
      .select({
        id: studies.id,
        name: studies.name,
        scenarioName: scenarios.name,
        createdAt: studies.createdAt,
        running,
        queued,
        succeeded: sql<number>`count(${runs.id}) filter (where ${runs.status} = 'succeeded')::int`,
        ended: sql<number>`count(${runs.id}) filter (where ${runs.status} in ('failed', 'cancelled'))::int`,
        total: sql<number>`count(${runs.id})::int`,
      })
      .from(studies)
      .innerJoin(scenarios, eq(scenarios.id, studies.scenarioId))
      .innerJoin(runs, eq(runs.studyId, studies.id))
      .where(eq(studies.teamId, teamId))
      .groupBy(studies.id, scenarios.name)
      .having(sql`count(${runs.id}) filter (where ${runs.status} in ('waiting', 'queued', 'running')) > 0`)
      .orderBy(sql`${running} > 0 desc`, desc(studies.createdAt))
      .limit(Math.min(Math.max(limit, 1), 100));
  });
}

/** A study whose review status is "in review", with the event that put it there. */
export interface StudyInReviewRow {
  id: string;
  name: string;
  /** When it was last set to "in review" (null if no event records it). */
  since: Date | null;
  note: string;
  requestedBy: string | null;
  /** Who is asked to review it (null: nobody named). */
  assigneeId: string | null;
  assigneeName: string | null;
}

/**
 * Studies waiting for review, the longest waiting first; with `assigneeId`, only those that
 * member is asked to review (their "waiting for your review" queue).
 */
export async function listStudiesInReview(teamId: string, limit = 10, assigneeId?: string): Promise<StudyInReviewRow[]> {
  return query('list studies in review', async () => {
    const db = await getDb();
    const waiting = await db
      .select({ id: studies.id, name: studies.name, createdAt: studies.createdAt, assigneeId: teamMembers.userId, assigneeName: users.name })
      .from(studies)
      // Only a current member is named: someone who left the team no longer reviews its studies.
      .leftJoin(teamMembers, and(eq(teamMembers.teamId, studies.teamId), eq(teamMembers.userId, studies.reviewAssignee)))
      .leftJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(studies.teamId, teamId), eq(studies.reviewStatus, 'in_review'), assigneeId ? eq(teamMembers.userId, assigneeId) : undefined))
      .orderBy(desc(studies.createdAt))
      .limit(Math.min(Math.max(limit, 1), 100));
    if (waiting.length === 0) return [];
    const events = await db
      .select({ studyId: reviewEvents.studyId, note: reviewEvents.note, createdAt: reviewEvents.createdAt, actorName: users.name, actorEmail: users.email })
      .from(reviewEvents)
      .leftJoin(users, eq(users.id, reviewEvents.actorId))
      .where(and(inArray(reviewEvents.studyId, waiting.map((s) => s.id)), eq(reviewEvents.status, 'in_review')))
      .orderBy(desc(reviewEvents.createdAt), desc(reviewEvents.id));
    // Newest "in review" event per study: events come newest first, so the first one seen wins.
    const latest = new Map<string, (typeof events)[number]>();
    for (const e of events) if (!latest.has(e.studyId)) latest.set(e.studyId, e);
    return waiting
      .map((s) => {
        const e = latest.get(s.id);
        return { id: s.id, name: s.name, since: e?.createdAt ?? null, note: e?.note ?? '', requestedBy: e ? (e.actorName ?? e.actorEmail) : null, assigneeId: s.assigneeId, assigneeName: s.assigneeName };
      })
      .sort((a, b) => (a.since?.getTime() ?? 0) - (b.since?.getTime() ?? 0));
  });
}
