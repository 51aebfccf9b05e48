/**
 * Comments, review events and share links. Every function rethrows driver errors as the one
 * DbError (via query()/inTransaction); callers (lib/reviews) do the authorization.
 */
import 'server-only';
import { and, asc, count, desc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '../client';
import { query } from '../errors';
import {
  benchmarks,
  comments,
  comparisons,
  datasets,
  datasetVersions,
  reviewEvents,
  runs,
  shareLinks,
  studies,
  users,
  type Comment,
  type Comparison,
  type Run,
  type ShareLink,
} from '../schema';
import { inTransaction, type Tx } from '../transaction';
import { recordAudit } from './audit';

export type CommentTarget = Comment['targetType'];
export type ReviewStatus = (typeof studies.$inferSelect)['reviewStatus'];

export interface CommentRow {
  id: string;
  teamId: string;
  targetType: CommentTarget;
  targetId: string;
  authorId: string | null;
  authorName: string | null;
  authorEmail: string | null;
  body: string;
  createdAt: Date;
}

const commentColumns = {
  id: comments.id,
  teamId: comments.teamId,
  targetType: comments.targetType,
  targetId: comments.targetId,
  authorId: comments.authorId,
  authorName: users.name,
  authorEmail: users.email,
  body: comments.body,
  createdAt: comments.createdAt,
};

export async function insertComment(values: { teamId: string; targetType: CommentTarget; targetId: string; authorId: string; body: string }): Promise<Comment> {
  return query('add comment', async () => {
    const db = await getDb();
    const [row] = await db.insert(comments).values(values).returning();
    return row;
  });
}

/** Oldest first: a thread reads top to bottom. */
export async function countCommentsSince(authorId: string, since: Date): Promise<number> {
  return query('count recent comments', async () => {
    const db = await getDb();
    const [row] = await db.select({ n: count() }).from(comments).where(and(eq(comments.authorId, authorId), gt(comments.createdAt, since)));
    return Number(row?.n ?? 0);
  });
}

export async function listComments(targetType: CommentTarget, targetId: string): Promise<CommentRow[]> {
  return query('list comments', async () => {
    const db = await getDb();
    return db
      .select(commentColumns)
      .from(comments)
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(and(eq(comments.targetType, targetType), eq(comments.targetId, targetId)))
      .orderBy(asc(comments.createdAt), asc(comments.id));
  });
}

export async function findComment(id: string): Promise<Comment | undefined> {
  return query('find comment', async () => {
    const db = await getDb();
    const [row] = await db.select().from(comments).where(eq(comments.id, id));
    return row;
  });
}

export async function deleteComment(id: string): Promise<void> {
  await query('delete comment', async () => {
    const db = await getDb();
    await db.delete(comments).where(eq(comments.id, id));
  });
}

export interface ReviewEventRow {
  id: string;
  status: ReviewStatus;
  note: string;
  actorName: string | null;
  actorEmail: string | null;
  /** Who an "in review" event asked to review (name, or null: nobody named, or a deleted account). */
  assigneeName: string | null;
  createdAt: Date;
}

/** Newest first. */
export async function listReviewEvents(studyId: string): Promise<ReviewEventRow[]> {
  return query('list review events', async () => {
    const db = await getDb();
    const assignees = alias(users, 'assignees');
    return db
      .select({ id: reviewEvents.id, status: reviewEvents.status, note: reviewEvents.note, actorName: users.name, actorEmail: users.email, assigneeName: assignees.name, createdAt: reviewEvents.createdAt })
      .from(reviewEvents)
      .leftJoin(users, eq(users.id, reviewEvents.actorId))
      .leftJoin(assignees, eq(assignees.id, reviewEvents.assigneeId))
      .where(eq(reviewEvents.studyId, studyId))
      .orderBy(desc(reviewEvents.createdAt), desc(reviewEvents.id));
  });
}

/**
 * Appends the event, sets the study's current status (and who is asked to review it; any status
 * but "in review" clears that) and records it in the team's audit log, together, so history,
 * status, queue and audit never disagree.
 */
export async function appendReviewEvent(values: { teamId: string; studyId: string; status: ReviewStatus; note: string; actorId: string; assigneeId?: string | null }): Promise<void> {
  const { teamId, assigneeId, ...rest } = values;
  const event = { ...rest, assigneeId: rest.status === 'in_review' ? (assigneeId ?? null) : null };
  await inTransaction('set review status', async (tx) => {
    await tx.insert(reviewEvents).values(event);
    await tx.update(studies).set({ reviewStatus: event.status, reviewAssignee: event.assigneeId }).where(eq(studies.id, event.studyId));
    await recordAudit(
      { action: 'study.review', teamId, actorId: event.actorId, targetType: 'study', targetId: event.studyId, details: { status: event.status, note: event.note, ...(event.assigneeId ? { assigneeId: event.assigneeId } : {}) } },
      tx,
    );
  });
}

/** A comparison's team (and name), for the gate; lib/results owns everything else about it. */
export async function findComparisonRow(id: string): Promise<Comparison | undefined> {
  return query('find comparison', async () => {
    const db = await getDb();
    const [row] = await db.select().from(comparisons).where(eq(comparisons.id, id));
    return row;
  });
}

export async function insertShareLink(tx: Tx, values: { teamId: string; targetType: ShareLink['targetType']; targetId: string; tokenHash: string; createdBy: string; expiresAt: Date | null }): Promise<ShareLink> {
  const [row] = await tx.insert(shareLinks).values(values).returning();
  return row;
}

/** Links of one target that still work at `now` (not revoked, not expired). */
export async function countActiveShareLinks(tx: Tx, targetType: ShareLink['targetType'], targetId: string, now: Date): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(shareLinks)
    .where(
      and(
        eq(shareLinks.targetType, targetType),
        eq(shareLinks.targetId, targetId),
        isNull(shareLinks.revokedAt),
        or(isNull(shareLinks.expiresAt), gt(shareLinks.expiresAt, now)),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Marks a link revoked; answers the link only when it was still active. */
export async function revokeShareLinkRow(tx: Tx, id: string): Promise<ShareLink | undefined> {
  const [row] = await tx
    .update(shareLinks)
    .set({ revokedAt: new Date() })
    .where(and(eq(shareLinks.id, id), isNull(shareLinks.revokedAt)))
    .returning();
  return row;
}

export async function findShareLink(id: string): Promise<ShareLink | undefined> {
  return query('find share link', async () => {
    const db = await getDb();
    const [row] = await db.select().from(shareLinks).where(eq(shareLinks.id, id));
    return row;
  });
}

export async function findShareLinkByHash(tokenHash: string): Promise<ShareLink | undefined> {
  return query('look up share link', async () => {
    const db = await getDb();
    const [row] = await db.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash));
    return row;
  });
}

export async function touchShareLink(id: string): Promise<void> {
  await query('record share link use', async () => {
    const db = await getDb();
    await db.update(shareLinks).set({ lastUsedAt: new Date() }).where(eq(shareLinks.id, id));
  });
}

export interface ShareLinkRow extends ShareLink {
  createdByEmail: string | null;
}

export async function listShareLinks(teamId: string, target?: { targetType: ShareLink['targetType']; targetId: string }): Promise<ShareLinkRow[]> {
  return query('list share links', async () => {
    const db = await getDb();
    const filters = [eq(shareLinks.teamId, teamId)];
    if (target) filters.push(eq(shareLinks.targetType, target.targetType), eq(shareLinks.targetId, target.targetId));
    const rows = await db
      .select({ link: shareLinks, createdByEmail: users.email })
      .from(shareLinks)
      .leftJoin(users, eq(users.id, shareLinks.createdBy))
      .where(and(...filters))
      .orderBy(desc(shareLinks.createdAt));
    return rows.map((r) => ({ ...r.link, createdByEmail: r.createdByEmail }));
  });
}

/** Names of share targets, for the link list. */
export async function shareTargetNames(ids: { studies: string[]; comparisons: string[]; benchmarks: string[] }): Promise<Record<string, string>> {
  return query('name share targets', async () => {
    const db = await getDb();
    const out: Record<string, string> = {};
    if (ids.studies.length) for (const s of await db.select({ id: studies.id, name: studies.name }).from(studies).where(inArray(studies.id, ids.studies))) out[s.id] = s.name;
    if (ids.comparisons.length) for (const c of await db.select({ id: comparisons.id, name: comparisons.name }).from(comparisons).where(inArray(comparisons.id, ids.comparisons))) out[c.id] = c.name;
    if (ids.benchmarks.length) for (const b of await db.select({ id: benchmarks.id, name: benchmarks.name }).from(benchmarks).where(inArray(benchmarks.id, ids.benchmarks))) out[b.id] = b.name;
    return out;
  });
}

/** Runs by id (a comparison's selection), with their study's name. */
export async function runsWithStudyNames(ids: string[]): Promise<Array<{ run: Run; studyName: string }>> {
  if (!ids.length) return [];
  return query('load compared runs', async () => {
    const db = await getDb();
    return db.select({ run: runs, studyName: studies.name }).from(runs).innerJoin(studies, eq(studies.id, runs.studyId)).where(inArray(runs.id, ids));
  });
}

/** Dataset name and version number of a dataset version. */
export async function datasetVersionLabel(versionId: string): Promise<{ name: string; version: number } | undefined> {
  return query('name dataset version', async () => {
    const db = await getDb();
    const [row] = await db
      .select({ name: datasets.name, version: datasetVersions.version })
      .from(datasetVersions)
      .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .where(eq(datasetVersions.id, versionId));
    return row;
  });
}

export async function userLabel(id: string | null): Promise<{ name: string; email: string } | undefined> {
  if (!id) return undefined;
  return query('find user', async () => {
    const db = await getDb();
    const [row] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, id));
    return row;
  });
}

/**
 * A study's run ids in the order they were planned (creation time, then id): runs added later
 * (a reproduction, an external upload) come last, so a share link's run aliases never move.
 */
export async function listRunIdsInPlanOrder(studyId: string): Promise<string[]> {
  return query('list run ids in plan order', async () => {
    const db = await getDb();
    const rows = await db.select({ id: runs.id }).from(runs).where(eq(runs.studyId, studyId)).orderBy(asc(runs.createdAt), asc(runs.id));
    return rows.map((r) => r.id);
  });
}
