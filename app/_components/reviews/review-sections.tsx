/**
 * Server side of the review panels: loads comments, review state and share links through
 * lib/reviews (the gate) and hands serialisable props to the client panels. Pages place one
 * line: <StudyReviewSections …/> or <CommentsSection …/> (runs, comparisons, the dashboard).
 */
import 'server-only';
import Link from 'next/link';
import type { Actor } from '@/lib/auth/actor';
import type { TeamRole } from '@/db/schema';
import { roleCan } from '@/lib/auth/permissions';
import { commentsFor, reviewState, teamShareLinks } from '@/lib/reviews/service';
import { CommentsPanel, type CommentTargetType } from './comments-panel';
import { ReviewStatusControl } from './review-status';
import { ShareLinksManager } from './share-links';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function CommentsSection({ actor, targetType, targetId }: { actor: Actor; targetType: CommentTargetType; targetId: string }) {
  const { comments, canComment } = await commentsFor(actor, targetType, targetId);
  return (
    <CommentsPanel
      targetType={targetType}
      targetId={targetId}
      canComment={canComment}
      initial={comments.map((c) => ({ id: c.id, authorName: c.authorName, authorEmail: c.authorEmail, body: c.body, createdAt: c.createdAt.toISOString(), canDelete: c.canDelete }))}
    />
  );
}

export async function ShareSection({ actor, teamId, targetType, targetId }: { actor: Actor; teamId: string; targetType: 'study' | 'comparison' | 'benchmark'; targetId: string }) {
  const links = await teamShareLinks(actor, teamId, { targetType, targetId });
  return (
    <ShareLinksManager
      teamId={teamId}
      targetType={targetType}
      targetId={targetId}
      initial={links.map((l) => ({ id: l.id, status: l.status, expiresAt: iso(l.expiresAt), revokedAt: iso(l.revokedAt), lastUsedAt: iso(l.lastUsedAt), createdAt: l.createdAt.toISOString(), createdByEmail: l.createdByEmail }))}
    />
  );
}

/** A study's review status, its history and (for reviewers and owners) the form to set it. */
export async function ReviewSection({ actor, studyId }: { actor: Actor; studyId: string }) {
  const review = await reviewState(actor, studyId);
  return (
    <ReviewStatusControl
      studyId={studyId}
      canSet={review.canSet}
      reviewers={review.reviewers}
      initial={{
        status: review.status,
        assignee: review.assignee,
        history: review.history.map((h) => ({ id: h.id, status: h.status, note: h.note, actorName: h.actorName, actorEmail: h.actorEmail, assigneeName: h.assigneeName, createdAt: h.createdAt.toISOString() })),
      }}
    />
  );
}

/** Review status, comments, share links (owners, researchers) and, for privacy studies, the deletion report link. */
export async function StudyReviewSections({ actor, role, teamId, studyId, category }: { actor: Actor; role: TeamRole | null; teamId: string; studyId: string; category: string }) {
  const canShare = role ? roleCan(role, 'team.share') : false;
  return (
    <div className="mt-8 space-y-6">
      {category === 'privacy' ? (
        <p className="text-sm">
          <Link href={`/teams/${teamId}/studies/${studyId}/deletion-report`} className="font-medium text-brand-600 hover:underline dark:text-blue-400" data-testid="deletion-report-link">
            Deletion report
          </Link>{' '}
          <span className="text-zinc-600 dark:text-zinc-400">— a printable record for a data-protection officer: subjects removed, by whom, how, and the evidence.</span>
        </p>
      ) : null}
      <ReviewSection actor={actor} studyId={studyId} />
      <CommentsSection actor={actor} targetType="study" targetId={studyId} />
      {canShare ? <ShareSection actor={actor} teamId={teamId} targetType="study" targetId={studyId} /> : null}
    </div>
  );
}
