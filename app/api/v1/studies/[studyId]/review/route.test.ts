/**
 * Putting a study "in review" for a named member: who may name whom (a reviewer or an owner of
 * the study's own team), that the study then waits in that member's queue (the team overview's
 * "waiting for your review"), and that any other status takes it out again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@/db/queries/audit';
import { findStudy } from '@/db/queries/studies';
import { listStudiesInReview } from '@/db/queries/team-overview';
import { removeMember } from '@/lib/auth/teams';
import { callRoute, makeTeam } from '@/test/factories';
import { teamWithStudy } from '../../../comments/test-fixture';
import { GET, POST } from './route';

let ctx: Awaited<ReturnType<typeof teamWithStudy>>;
let stranger: Awaited<ReturnType<typeof makeTeam>>['owner'];

beforeAll(async () => {
  ctx = await teamWithStudy();
  stranger = (await makeTeam()).owner;
}, 120_000);

type ReviewJson = { status: string; assignee: { id: string; name: string } | null; reviewers: Array<{ id: string; role: string }>; history: Array<{ status: string; assigneeName: string | null }> };

const post = (token: string, body: Record<string, unknown>) => callRoute(POST, { method: 'POST', token, params: { studyId: ctx.studyId }, body });
const queueOf = async (userId: string) => (await listStudiesInReview(ctx.team.id, 10, userId)).map((s) => s.id);

describe('review assignment', () => {
  it('offers the members who can review, only to who may set the status', async () => {
    const asReviewer = (await callRoute(GET, { token: ctx.tokens.reviewer, params: { studyId: ctx.studyId } })).body as unknown as ReviewJson;
    expect(asReviewer.reviewers.map((r) => r.id).sort()).toEqual([ctx.actors.owner.id, ctx.actors.reviewer.id].sort());
    const asResearcher = (await callRoute(GET, { token: ctx.tokens.researcher, params: { studyId: ctx.studyId } })).body as unknown as ReviewJson;
    expect(asResearcher.reviewers).toEqual([]);
  });

  it('a reviewer puts the study in review for the owner, who finds it in their queue', async () => {
    const res = await post(ctx.tokens.reviewer, { status: 'in_review', note: 'Please check the seeds.', assigneeId: ctx.actors.owner.id });
    expect(res.status).toBe(201);
    const body = res.body as unknown as ReviewJson;
    expect(body.assignee).toEqual({ id: ctx.actors.owner.id, name: ctx.actors.owner.name });
    expect(body.history[0]).toMatchObject({ status: 'in_review', assigneeName: ctx.actors.owner.name });
    expect(await queueOf(ctx.actors.owner.id)).toEqual([ctx.studyId]);
    expect(await queueOf(ctx.actors.reviewer.id)).toEqual([]);
    const [row] = await listStudiesInReview(ctx.team.id, 10);
    expect(row).toMatchObject({ id: ctx.studyId, assigneeId: ctx.actors.owner.id, assigneeName: ctx.actors.owner.name, note: 'Please check the seeds.' });
    const audit = (await listAudit({ teamId: ctx.team.id })).find((e) => e.action === 'study.review' && e.targetId === ctx.studyId);
    expect(audit?.details).toEqual({ status: 'in_review', note: 'Please check the seeds.', assigneeId: ctx.actors.owner.id });
  });

  it('names only reviewers and owners of the study’s own team, and only for "in review" (422)', async () => {
    for (const [assigneeId, message] of [
      [stranger.id, /not a member/],
      ['00000000-0000-4000-8000-000000000000', /not a member/],
      [ctx.actors.researcher.id, /researcher.*only reviewers and owners/],
    ] as const) {
      const res = await post(ctx.tokens.reviewer, { status: 'in_review', assigneeId });
      expect(res.status, assigneeId).toBe(422);
      expect((res.body.error as { message: string }).message).toMatch(message);
    }
    expect((await post(ctx.tokens.reviewer, { status: 'approved', assigneeId: ctx.actors.owner.id })).status).toBe(422);
    expect((await post(ctx.tokens.reviewer, { status: 'in_review', assigneeId: 'someone' })).status).toBe(422);
    // None of the refused requests changed the assignment.
    expect(await queueOf(ctx.actors.owner.id)).toEqual([ctx.studyId]);
  });

  it('a researcher may not assign (403)', async () => {
    const res = await post(ctx.tokens.researcher, { status: 'in_review', assigneeId: ctx.actors.reviewer.id });
    expect(res.status).toBe(403);
    expect(await queueOf(ctx.actors.reviewer.id)).toEqual([]);
  });

  it('any other status takes the study out of the queue', async () => {
    const res = await post(ctx.tokens.owner, { status: 'approved', note: 'Seeds are fine.' });
    expect(res.status).toBe(201);
    expect((res.body as unknown as ReviewJson).assignee).toBeNull();
    expect(await queueOf(ctx.actors.owner.id)).toEqual([]);
    expect((await findStudy(ctx.studyId))?.reviewAssignee).toBeNull();
  });

  it('names nobody once the assignee has left the team', async () => {
    expect((await post(ctx.tokens.owner, { status: 'in_review', assigneeId: ctx.actors.reviewer.id })).status).toBe(201);
    expect(await queueOf(ctx.actors.reviewer.id)).toEqual([ctx.studyId]);
    await removeMember(ctx.actors.owner, ctx.team.id, ctx.actors.reviewer.id);
    expect(await queueOf(ctx.actors.reviewer.id)).toEqual([]);
    const [row] = await listStudiesInReview(ctx.team.id, 10);
    expect(row).toMatchObject({ id: ctx.studyId, assigneeId: null, assigneeName: null });
    const state = (await callRoute(GET, { token: ctx.tokens.owner, params: { studyId: ctx.studyId } })).body as unknown as ReviewJson;
    expect(state.assignee).toBeNull();
  });
});
