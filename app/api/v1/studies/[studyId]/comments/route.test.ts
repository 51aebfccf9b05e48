/**
 * Comments and review status over the API: who may comment and set a status, what other teams
 * see (404), and that history (and the audit log) keeps every change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@/db/queries/audit';
import { COMMENT_MAX_LENGTH, COMMENT_RATE } from '@/lib/reviews/service';
import { callRoute, makeTeam, tokenFor } from '@/test/factories';
import { teamWithStudy } from '../../../comments/test-fixture';
import { DELETE as deleteComment } from '../../../comments/[commentId]/route';
import { GET as runComments, POST as postRunComment } from '../../../runs/[runId]/comments/route';
import { GET as comparisonComments, POST as postComparisonComment } from '../../../comparisons/[comparisonId]/comments/route';
import { GET as getReview, POST as postReview } from '../review/route';
import { GET, POST } from './route';

let ctx: Awaited<ReturnType<typeof teamWithStudy>>;
let outsider: string;

beforeAll(async () => {
  ctx = await teamWithStudy();
  outsider = await tokenFor((await makeTeam()).owner);
}, 120_000);

type CommentJson = { id: string; body: string; authorEmail: string; canDelete: boolean };

describe('comments', () => {
  it('a reviewer comments on a study; everyone in the team reads it, with author and time', async () => {
    const posted = await callRoute(POST, { method: 'POST', token: ctx.tokens.reviewer, params: { studyId: ctx.studyId }, body: { body: '  Seeds look too few.  ' } });
    expect(posted.status).toBe(201);
    const comment = posted.body.comment as CommentJson;
    expect(comment.body).toBe('Seeds look too few.');
    const list = await callRoute(GET, { token: ctx.tokens.researcher, params: { studyId: ctx.studyId } });
    expect(list.status).toBe(200);
    const comments = list.body.comments as CommentJson[];
    expect(comments.map((c) => c.body)).toContain('Seeds look too few.');
    const mine = comments.find((c) => c.id === comment.id)!;
    expect(mine.authorEmail).toBe(ctx.actors.reviewer.email);
    expect(mine.canDelete).toBe(false); // a researcher may not delete someone else's comment
  });

  it('refuses an empty comment with a field error', async () => {
    const res = await callRoute(POST, { method: 'POST', token: ctx.tokens.owner, params: { studyId: ctx.studyId }, body: { body: '   ' } });
    expect(res.status).toBe(422);
    expect((res.body.error as { details: { issues: Array<{ field: string }> } }).details.issues[0].field).toBe('body');
  });

  it('an outsider cannot read or comment: 404, as if the study did not exist', async () => {
    const read = await callRoute(GET, { token: outsider, params: { studyId: ctx.studyId } });
    expect(read.status).toBe(404);
    const post = await callRoute(POST, { method: 'POST', token: outsider, params: { studyId: ctx.studyId }, body: { body: 'hi' } });
    expect(post.status).toBe(404);
    expect((post.body.error as { message: string }).message).toBe('Study was not found.');
  });

  it('comments on runs and comparisons; a run of another team is not found', async () => {
    expect((await callRoute(postRunComment, { method: 'POST', token: ctx.tokens.researcher, params: { runId: ctx.runId }, body: { body: 'Loss curve is flat.' } })).status).toBe(201);
    expect(((await callRoute(runComments, { token: ctx.tokens.reviewer, params: { runId: ctx.runId } })).body.comments as CommentJson[]).map((c) => c.body)).toEqual(['Loss curve is flat.']);
    expect((await callRoute(postRunComment, { method: 'POST', token: outsider, params: { runId: ctx.runId }, body: { body: 'x' } })).status).toBe(404);
    expect((await callRoute(postRunComment, { method: 'POST', token: ctx.tokens.owner, params: { runId: 'not-a-uuid' }, body: { body: 'x' } })).status).toBe(404);
    expect((await callRoute(postComparisonComment, { method: 'POST', token: ctx.tokens.reviewer, params: { comparisonId: ctx.comparisonId }, body: { body: 'Baseline?' } })).status).toBe(201);
    expect(((await callRoute(comparisonComments, { token: ctx.tokens.owner, params: { comparisonId: ctx.comparisonId } })).body.comments as CommentJson[]).length).toBe(1);
    expect((await callRoute(comparisonComments, { token: outsider, params: { comparisonId: ctx.comparisonId } })).status).toBe(404);
  });

  it('only the author or an owner deletes a comment', async () => {
    const posted = (await callRoute(POST, { method: 'POST', token: ctx.tokens.reviewer, params: { studyId: ctx.studyId }, body: { body: 'to delete' } })).body.comment as CommentJson;
    expect((await callRoute(deleteComment, { method: 'DELETE', token: ctx.tokens.researcher, params: { commentId: posted.id } })).status).toBe(403);
    expect((await callRoute(deleteComment, { method: 'DELETE', token: outsider, params: { commentId: posted.id } })).status).toBe(404);
    expect((await callRoute(deleteComment, { method: 'DELETE', token: ctx.tokens.owner, params: { commentId: posted.id } })).status).toBe(204);
    const own = (await callRoute(POST, { method: 'POST', token: ctx.tokens.researcher, params: { studyId: ctx.studyId }, body: { body: 'mine' } })).body.comment as CommentJson;
    expect(own.canDelete).toBe(true);
    expect((await callRoute(deleteComment, { method: 'DELETE', token: ctx.tokens.researcher, params: { commentId: own.id } })).status).toBe(204);
    expect((await callRoute(deleteComment, { method: 'DELETE', token: ctx.tokens.researcher, params: { commentId: own.id } })).status).toBe(404);
  });
});

type ReviewJson = { status: string; canSet: boolean; history: Array<{ status: string; note: string; actorEmail: string }> };

describe('review status', () => {
  it('a reviewer sets it; the study and its history show every change, newest first', async () => {
    const first = await callRoute(postReview, { method: 'POST', token: ctx.tokens.reviewer, params: { studyId: ctx.studyId }, body: { status: 'in_review' } });
    expect(first.status).toBe(201);
    const second = await callRoute(postReview, { method: 'POST', token: ctx.tokens.reviewer, params: { studyId: ctx.studyId }, body: { status: 'approved', note: 'Gaps are small.' } });
    const body = second.body as unknown as ReviewJson;
    expect(body.status).toBe('approved');
    expect(body.history.map((h) => h.status)).toEqual(['approved', 'in_review']);
    expect(body.history[0]).toMatchObject({ note: 'Gaps are small.', actorEmail: ctx.actors.reviewer.email });
    // and the team's audit log records both changes
    const audit = (await listAudit({ teamId: ctx.team.id })).filter((e) => e.action === 'study.review' && e.targetId === ctx.studyId);
    expect(audit.map((e) => e.details)).toEqual([
      { status: 'approved', note: 'Gaps are small.' },
      { status: 'in_review', note: '' },
    ]);
    const read = (await callRoute(getReview, { token: ctx.tokens.researcher, params: { studyId: ctx.studyId } })).body as unknown as ReviewJson;
    expect(read.status).toBe('approved');
    expect(read.canSet).toBe(false);
  });

  it('a researcher may not set it (403, with the reason); an owner may', async () => {
    const res = await callRoute(postReview, { method: 'POST', token: ctx.tokens.researcher, params: { studyId: ctx.studyId }, body: { status: 'approved' } });
    expect(res.status).toBe(403);
    expect((res.body.error as { message: string }).message).toMatch(/set by reviewers/);
    expect((await callRoute(postReview, { method: 'POST', token: ctx.tokens.owner, params: { studyId: ctx.studyId }, body: { status: 'changes_requested', note: 'More seeds.' } })).status).toBe(201);
  });

  it('rejects an unknown status (422) and answers 404 to another team', async () => {
    expect((await callRoute(postReview, { method: 'POST', token: ctx.tokens.reviewer, params: { studyId: ctx.studyId }, body: { status: 'done' } })).status).toBe(422);
    expect((await callRoute(postReview, { method: 'POST', token: outsider, params: { studyId: ctx.studyId }, body: { status: 'approved' } })).status).toBe(404);
    expect((await callRoute(getReview, { token: outsider, params: { studyId: ctx.studyId } })).status).toBe(404);
  });

  it('limits comment length and how many one person posts per minute', async () => {
    const fresh = await teamWithStudy();
    const post = (body: string) => callRoute(POST, { method: 'POST', token: fresh.tokens.reviewer, params: { studyId: fresh.studyId }, body: { body } });
    expect((await post('x'.repeat(COMMENT_MAX_LENGTH + 1))).status).toBe(422);
    for (let i = 0; i < COMMENT_RATE.perMinute; i++) expect((await post(`note ${i}`)).status).toBe(201);
    const refused = await post('one too many');
    expect(refused.status).toBe(429);
    expect((refused.body.error as { message: string }).message).toMatch(/at most 10 comments in a minute/);
    // Someone else in the team is not slowed down by it.
    expect((await callRoute(POST, { method: 'POST', token: fresh.tokens.researcher, params: { studyId: fresh.studyId }, body: { body: 'mine' } })).status).toBe(201);
  }, 120_000);
});
