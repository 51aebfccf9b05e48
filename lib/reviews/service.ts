/**
 * Comments, review status and share links. Every function goes through the one gate
 * (lib/auth/gate) on the team of the thing it touches; share-link changes write their audit
 * event in the same transaction as the change.
 */
import { findBenchmark } from '@/db/queries/benchmarks';
import { findRun, findStudy } from '@/db/queries/studies';
import { findMembership, listMembers } from '@/db/queries/teams';
import { recordAudit } from '@/db/queries/audit';
import {
  appendReviewEvent,
  countActiveShareLinks,
  countCommentsSince,
  deleteComment,
  findComment,
  findComparisonRow,
  findShareLink,
  findShareLinkByHash,
  insertComment,
  insertShareLink,
  listComments,
  listReviewEvents,
  listShareLinks,
  revokeShareLinkRow,
  shareTargetNames,
  touchShareLink,
  type CommentRow,
  type CommentTarget,
  type ReviewEventRow,
  type ReviewStatus,
} from '@/db/queries/reviews';
import { inTransaction } from '@/db/transaction';
import type { ShareLink } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authorizeTeam, isUuid, requireActor, type TeamAccess } from '@/lib/auth/gate';
import type { TeamAction } from '@/lib/auth/permissions';
import { hashSecret, newSecret } from '@/lib/auth/secret-tokens';
import { shouldRecordUse } from '@/lib/auth/last-used';
import { AppError } from '@/lib/errors';

export const COMMENT_MAX_LENGTH = 5000;
/** Comments one person may post: enough for a lively review, not for flooding a team. */
export const COMMENT_RATE = { perMinute: 10, perHour: 120 } as const;
/** Working (not revoked, not expired) share links per study or comparison. */
export const SHARE_LINKS_PER_TARGET = 20;
export const SHARE_PREFIX = 'shr';

const TARGET_NAMES: Record<CommentTarget, string> = { study: 'Study', run: 'Run', comparison: 'Comparison' };

/** The team a comment target belongs to; a missing target and another team's answer the same 404. */
async function targetTeam(type: CommentTarget, id: string): Promise<string | undefined> {
  if (!isUuid(id)) return undefined;
  if (type === 'study') return (await findStudy(id))?.teamId;
  if (type === 'run') return (await findRun(id))?.teamId;
  return (await findComparisonRow(id))?.teamId;
}

async function authorizeTarget(actor: Actor | null, type: CommentTarget, id: string, action: TeamAction): Promise<TeamAccess> {
  requireActor(actor);
  const teamId = await targetTeam(type, id);
  if (!teamId) throw new AppError('not_found', `${TARGET_NAMES[type]} was not found.`);
  return authorizeTeam(actor, teamId, action, TARGET_NAMES[type]);
}

export interface CommentView extends CommentRow {
  /** Whether the asking user may delete it (its author, or an owner of the team). */
  canDelete: boolean;
}

function commentView(c: CommentRow, access: TeamAccess): CommentView {
  return { ...c, canDelete: c.authorId === access.actor.id || access.role === 'owner' };
}

export async function commentsFor(actor: Actor | null, type: CommentTarget, id: string): Promise<{ comments: CommentView[]; canComment: boolean }> {
  const access = await authorizeTarget(actor, type, id, 'team.read');
  const rows = await listComments(type, id);
  const canComment = access.role !== null; // every role has team.comment; a non-member admin reads only
  return { comments: rows.map((c) => commentView(c, access)), canComment };
}

async function assertCommentRate(authorId: string, now = new Date()): Promise<void> {
  const windows = [
    { limit: COMMENT_RATE.perMinute, seconds: 60, label: 'a minute' },
    { limit: COMMENT_RATE.perHour, seconds: 3600, label: 'an hour' },
  ];
  for (const w of windows) {
    if ((await countCommentsSince(authorId, new Date(now.getTime() - w.seconds * 1000))) >= w.limit) {
      throw new AppError('rate_limited', `You may post at most ${w.limit} comments in ${w.label}. Wait a little and post again.`, {
        retryAfterSeconds: w.seconds,
        field: 'body',
      });
    }
  }
}

export async function addComment(actor: Actor | null, type: CommentTarget, id: string, body: string): Promise<CommentView> {
  const access = await authorizeTarget(actor, type, id, 'team.comment');
  const text = body.trim();
  if (!text) throw new AppError('validation', 'Write something before posting.', { field: 'body' });
  if (text.length > COMMENT_MAX_LENGTH) throw new AppError('validation', `A comment may have at most ${COMMENT_MAX_LENGTH} characters.`, { field: 'body' });
  await assertCommentRate(access.actor.id);
  const row = await insertComment({ teamId: access.teamId, targetType: type, targetId: id, authorId: access.actor.id, body: text });
  return commentView({ ...row, authorName: access.actor.name, authorEmail: access.actor.email }, access);
}

/** Its author may delete a comment; so may an owner of the team (moderation). */
export async function removeComment(actor: Actor | null, commentId: string): Promise<void> {
  requireActor(actor);
  const comment = isUuid(commentId) ? await findComment(commentId) : undefined;
  if (!comment) throw new AppError('not_found', 'Comment was not found.');
  const access = await authorizeTeam(actor, comment.teamId, 'team.read', 'Comment');
  if (comment.authorId !== access.actor.id && access.role !== 'owner') {
    throw new AppError('forbidden', 'Only the author of a comment or a team owner may delete it.');
  }
  await deleteComment(comment.id);
}

/* ------------------------------------------------------------------ review status */

export const REVIEW_LABELS: Record<ReviewStatus, string> = {
  none: 'Not reviewed',
  in_review: 'In review',
  approved: 'Approved',
  changes_requested: 'Changes requested',
};

/** The issue says review status is "set by reviewers"; owners manage everything in their team. */
const REVIEW_SETTERS = new Set(['reviewer', 'owner']);

export interface ReviewState {
  status: ReviewStatus;
  history: ReviewEventRow[];
  canSet: boolean;
  /** Who is asked to review while the study is in review (null: nobody named). */
  assignee: { id: string; name: string } | null;
  /** The members a study can be put in review for (those who may set review status); empty for who cannot set it. */
  reviewers: Array<{ id: string; name: string; role: string }>;
}

async function studyAccess(actor: Actor | null, studyId: string, action: TeamAction) {
  requireActor(actor);
  const study = isUuid(studyId) ? await findStudy(studyId) : undefined;
  if (!study) throw new AppError('not_found', 'Study was not found.');
  return { study, access: await authorizeTeam(actor, study.teamId, action, 'Study') };
}

export async function reviewState(actor: Actor | null, studyId: string): Promise<ReviewState> {
  const { study, access } = await studyAccess(actor, studyId, 'team.read');
  const canSet = access.role !== null && REVIEW_SETTERS.has(access.role);
  const [history, members] = await Promise.all([listReviewEvents(study.id), listMembers(study.teamId)]);
  const assigned = study.reviewAssignee ? members.find((m) => m.userId === study.reviewAssignee) : undefined;
  return {
    status: study.reviewStatus,
    history,
    canSet,
    // Someone who left the team is no longer shown as asked (their queue is gone with the team).
    assignee: study.reviewStatus === 'in_review' && assigned ? { id: assigned.userId, name: assigned.name } : null,
    reviewers: canSet ? members.filter((m) => REVIEW_SETTERS.has(m.role)).map((m) => ({ id: m.userId, name: m.name, role: m.role })) : [],
  };
}

/**
 * Sets a study's review status. "In review" may name who should review it: a member of the
 * study's team who may set review status (a reviewer or an owner), so they can finish it; the
 * study then waits in their "waiting for your review" queue until any other status is set.
 */
export async function setReviewStatus(actor: Actor | null, studyId: string, input: { status: ReviewStatus; note?: string; assigneeId?: string | null }): Promise<ReviewState> {
  const { study, access } = await studyAccess(actor, studyId, 'team.comment');
  if (!access.role || !REVIEW_SETTERS.has(access.role)) {
    throw new AppError('forbidden', `Review status is set by reviewers (and owners). Your role in ${access.teamName} is ${access.role ?? 'none'}; comment instead.`, {
      role: access.role,
    });
  }
  const assigneeId = input.assigneeId ?? null;
  if (assigneeId) {
    if (input.status !== 'in_review') throw new AppError('validation', 'assigneeId: only a study put “in review” is asked of someone.', { field: 'assigneeId' });
    const membership = isUuid(assigneeId) ? await findMembership(study.teamId, assigneeId) : undefined;
    if (!membership) throw new AppError('validation', `assigneeId: not a member of ${access.teamName}; a study is reviewed by its own team.`, { field: 'assigneeId' });
    if (!REVIEW_SETTERS.has(membership.role)) {
      throw new AppError('validation', `assigneeId: that member is a ${membership.role} of ${access.teamName}; only reviewers and owners can finish a review.`, { field: 'assigneeId', role: membership.role });
    }
  }
  await appendReviewEvent({ teamId: study.teamId, studyId: study.id, status: input.status, note: (input.note ?? '').trim(), actorId: access.actor.id, assigneeId });
  return reviewState(actor, study.id);
}

/* ------------------------------------------------------------------ share links */

export type ShareTarget = ShareLink['targetType'];
export type ShareStatus = 'active' | 'revoked' | 'expired';

export function shareStatus(link: Pick<ShareLink, 'revokedAt' | 'expiresAt'>, now = new Date()): ShareStatus {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt && link.expiresAt <= now) return 'expired';
  return 'active';
}

export interface ShareLinkView {
  id: string;
  targetType: ShareTarget;
  targetId: string;
  targetName: string | null;
  status: ShareStatus;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  createdByEmail: string | null;
}

const SHARE_TARGET_NAMES: Record<ShareTarget, string> = { study: 'Study', comparison: 'Comparison', benchmark: 'Benchmark' };

/** The team a share target belongs to; a withdrawn benchmark has nothing left to share. */
async function shareTargetTeam(type: ShareTarget, id: string): Promise<string | undefined> {
  if (type !== 'benchmark') return targetTeam(type, id);
  const benchmark = isUuid(id) ? await findBenchmark(id) : undefined;
  if (benchmark?.withdrawnAt) throw new AppError('conflict', 'This benchmark was withdrawn; it cannot be shared.', { field: 'targetId' });
  return benchmark?.teamId;
}

export async function createShareLink(
  actor: Actor | null,
  teamId: string,
  input: { targetType: ShareTarget; targetId: string; expiresAt?: Date | null },
  ip: string | null = null,
): Promise<{ link: ShareLinkView; token: string }> {
  const access = await authorizeTeam(actor, teamId, 'team.share');
  // The target must be this team's: another team's study is "not found", never shareable.
  if ((await shareTargetTeam(input.targetType, input.targetId)) !== teamId) throw new AppError('not_found', `${SHARE_TARGET_NAMES[input.targetType]} was not found.`);
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw new AppError('validation', 'The expiry must be in the future.', { field: 'expiresAt' });
  const token = newSecret(SHARE_PREFIX);
  const link = await inTransaction('create share link', async (tx) => {
    if ((await countActiveShareLinks(tx, input.targetType, input.targetId, new Date())) >= SHARE_LINKS_PER_TARGET) {
      throw new AppError(
        'conflict',
        `This ${SHARE_TARGET_NAMES[input.targetType].toLowerCase()} already has ${SHARE_LINKS_PER_TARGET} working share links, the most allowed. Revoke one you no longer need first.`,
        { limit: SHARE_LINKS_PER_TARGET },
      );
    }
    const row = await insertShareLink(tx, { teamId, targetType: input.targetType, targetId: input.targetId, tokenHash: hashSecret(token), createdBy: access.actor.id, expiresAt });
    await recordAudit(
      {
        action: 'share.created',
        teamId,
        actorId: access.actor.id,
        targetType: input.targetType,
        targetId: input.targetId,
        details: { shareLinkId: row.id, expiresAt: expiresAt ? expiresAt.toISOString() : null },
        ip,
      },
      tx,
    );
    return row;
  });
  const names = await shareTargetNames({ studies: [], comparisons: [], benchmarks: [], [input.targetType === 'study' ? 'studies' : input.targetType === 'comparison' ? 'comparisons' : 'benchmarks']: [input.targetId] });
  return { link: { ...linkView(link, names), createdByEmail: access.actor.email }, token };
}

function linkView(l: ShareLink & { createdByEmail?: string | null }, names: Record<string, string>): ShareLinkView {
  return {
    id: l.id,
    targetType: l.targetType,
    targetId: l.targetId,
    targetName: names[l.targetId] ?? null,
    status: shareStatus(l),
    expiresAt: l.expiresAt,
    revokedAt: l.revokedAt,
    lastUsedAt: l.lastUsedAt,
    createdAt: l.createdAt,
    createdByEmail: l.createdByEmail ?? null,
  };
}

/** The team's links (optionally of one target), newest first, with their status. */
export async function teamShareLinks(actor: Actor | null, teamId: string, target?: { targetType: ShareTarget; targetId: string }): Promise<ShareLinkView[]> {
  await authorizeTeam(actor, teamId, 'team.share');
  const rows = await listShareLinks(teamId, target);
  const names = await shareTargetNames({
    studies: rows.filter((r) => r.targetType === 'study').map((r) => r.targetId),
    comparisons: rows.filter((r) => r.targetType === 'comparison').map((r) => r.targetId),
    benchmarks: rows.filter((r) => r.targetType === 'benchmark').map((r) => r.targetId),
  });
  return rows.map((r) => linkView(r, names));
}

export async function revokeShareLink(actor: Actor | null, linkId: string, ip: string | null = null): Promise<ShareLinkView> {
  requireActor(actor);
  const link = isUuid(linkId) ? await findShareLink(linkId) : undefined;
  if (!link) throw new AppError('not_found', 'Share link was not found.');
  const access = await authorizeTeam(actor, link.teamId, 'team.share', 'Share link');
  const revoked = await inTransaction('revoke share link', async (tx) => {
    const row = await revokeShareLinkRow(tx, link.id);
    if (!row) throw new AppError('conflict', 'This share link was already revoked.');
    await recordAudit(
      {
        action: 'share.revoked',
        teamId: link.teamId,
        actorId: access.actor.id,
        targetType: link.targetType,
        targetId: link.targetId,
        details: { shareLinkId: link.id, expiresAt: link.expiresAt ? link.expiresAt.toISOString() : null },
        ip,
      },
      tx,
    );
    return row;
  });
  return linkView(revoked, {});
}

/** One message for unknown, revoked and expired links, so a link's history is not revealed. */
export const SHARE_LINK_GONE = 'This link is not valid: it was revoked, it expired, or it never existed. Ask whoever sent it for a new one.';

/**
 * Resolves a share token to its link while it is active, and records the use (to the minute). No
 * actor: the token itself is the permission, for exactly one study, comparison or benchmark.
 */
export async function resolveShareToken(token: string): Promise<ShareLink> {
  // Shape check first: a malformed token never reaches the database.
  const link = /^shr_[A-Za-z0-9_-]{43}$/.test(token) ? await findShareLinkByHash(hashSecret(token)) : undefined;
  if (!link || shareStatus(link) !== 'active') throw new AppError('not_found', SHARE_LINK_GONE);
  if (shouldRecordUse(link.lastUsedAt)) await touchShareLink(link.id);
  return link;
}
