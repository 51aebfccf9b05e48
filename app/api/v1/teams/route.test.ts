import { describe, expect, it } from 'vitest';
import { callRoute, makeTeam, makeUser, tokenFor } from '@/test/factories';
import { PATCH as patchMember, DELETE as deleteMember } from './[teamId]/members/[userId]/route';
import { GET as getMembers } from './[teamId]/members/route';
import { POST as invite } from './[teamId]/invitations/route';
import { GET as audit } from './[teamId]/audit/route';
import { POST as accept } from '../invitations/accept/route';
import { POST as createTeam } from './route';

describe('teams API', () => {
  it('creates a team whose creator is owner, and validates the name', async () => {
    const user = await makeUser();
    const token = await tokenFor(user);
    const res = await callRoute(createTeam, { method: 'POST', token, body: { name: 'Vision lab' } });
    expect(res.status).toBe(201);
    expect(res.body.role).toBe('owner');
    expect((await callRoute(createTeam, { method: 'POST', token, body: { name: '  ' } })).status).toBe(422);
  });

  it('lets an owner invite; the link works once; a reviewer cannot invite (403)', async () => {
    const { team, owner, members } = await makeTeam(['reviewer']);
    const ownerToken = await tokenFor(owner);
    const invited = await makeUser('invited');
    const res = await callRoute(invite, { method: 'POST', token: ownerToken, params: { teamId: team.id }, body: { email: invited.email, role: 'researcher' } });
    expect(res.status).toBe(201);
    expect(String(res.body.url)).toContain('/invite/inv_');

    const invitedToken = await tokenFor(invited);
    expect((await callRoute(accept, { method: 'POST', token: invitedToken, body: { token: res.body.token } })).body).toEqual({ teamId: team.id, role: 'researcher' });
    const again = await callRoute(accept, { method: 'POST', token: await tokenFor(await makeUser()), body: { token: res.body.token } });
    expect(again.status).toBe(410);
    expect((again.body.error as { message: string }).message).toMatch(/already been used/);

    const refused = await callRoute(invite, { method: 'POST', token: await tokenFor(members.reviewer), params: { teamId: team.id }, body: { email: 'x@example.org', role: 'reviewer' } });
    expect(refused.status).toBe(403);
  });

  it('binds an invitation to the invited address unless the owner asks for an open link', async () => {
    const { team, owner } = await makeTeam();
    const ownerToken = await tokenFor(owner);
    const bound = await callRoute(invite, { method: 'POST', token: ownerToken, params: { teamId: team.id }, body: { email: 'someone@x.test', role: 'owner' } });
    expect(bound.body.open).toBe(false);
    const wrongAccount = await callRoute(accept, { method: 'POST', token: await tokenFor(await makeUser('out1')), body: { token: bound.body.token } });
    expect(wrongAccount.status).toBe(403);

    const open = await callRoute(invite, { method: 'POST', token: ownerToken, params: { teamId: team.id }, body: { email: 'someone@x.test', role: 'reviewer', open: true } });
    expect(open.body.open).toBe(true);
    const anyone = await callRoute(accept, { method: 'POST', token: await tokenFor(await makeUser('anyone')), body: { token: open.body.token } });
    expect(anyone.body).toEqual({ teamId: team.id, role: 'reviewer' });
    const notBoolean = await callRoute(invite, { method: 'POST', token: ownerToken, params: { teamId: team.id }, body: { email: 'a@x.test', role: 'reviewer', open: 'yes' } });
    expect(notBoolean.status).toBe(422);
  });

  it('answers 404 for another team, as for a team that does not exist', async () => {
    const { team } = await makeTeam();
    const outsider = await tokenFor(await makeUser('outsider'));
    expect((await callRoute(getMembers, { token: outsider, params: { teamId: team.id } })).status).toBe(404);
    expect((await callRoute(getMembers, { token: outsider, params: { teamId: '00000000-0000-0000-0000-000000000000' } })).status).toBe(404);
    expect((await callRoute(getMembers, { token: outsider, params: { teamId: 'not-a-uuid' } })).status).toBe(404);
  });

  it('changes roles, refuses an unknown role naming the valid ones, and keeps a last owner', async () => {
    const { team, owner, members } = await makeTeam(['reviewer']);
    const token = await tokenFor(owner);
    const params = { teamId: team.id, userId: members.reviewer.id };
    const bad = await callRoute(patchMember, { method: 'PATCH', token, params, body: { role: 'superuser' } });
    expect(bad.status).toBe(422);
    expect((bad.body.error as { message: string }).message).toMatch(/owner, researcher, reviewer/);
    expect((await callRoute(patchMember, { method: 'PATCH', token, params, body: { role: 'researcher' } })).status).toBe(200);

    const last = await callRoute(deleteMember, { method: 'DELETE', token, params: { teamId: team.id, userId: owner.id } });
    expect(last.status).toBe(422);
    expect((last.body.error as { message: string }).message).toMatch(/at least one owner/);
    const demote = await callRoute(patchMember, { method: 'PATCH', token, params: { teamId: team.id, userId: owner.id }, body: { role: 'reviewer' } });
    expect(demote.status).toBe(422);

    const events = await callRoute(audit, { token, params: { teamId: team.id } });
    const actions = (events.body.events as Array<{ action: string }>).map((e) => e.action);
    expect(actions).toContain('member.role_changed');
    expect(actions).toContain('member.joined');
  });

  it('lets a member leave and an owner remove a member; a reviewer cannot read the audit log', async () => {
    const { team, owner, members } = await makeTeam(['reviewer', 'researcher']);
    const reviewerToken = await tokenFor(members.reviewer);
    expect((await callRoute(audit, { token: reviewerToken, params: { teamId: team.id } })).status).toBe(403);
    expect((await callRoute(deleteMember, { method: 'DELETE', token: reviewerToken, params: { teamId: team.id, userId: members.researcher.id } })).status).toBe(403);
    expect((await callRoute(deleteMember, { method: 'DELETE', token: reviewerToken, params: { teamId: team.id, userId: members.reviewer.id } })).status).toBe(204);
    expect((await callRoute(getMembers, { token: reviewerToken, params: { teamId: team.id } })).status).toBe(404);
    const ownerToken = await tokenFor(owner);
    expect((await callRoute(deleteMember, { method: 'DELETE', token: ownerToken, params: { teamId: team.id, userId: members.researcher.id } })).status).toBe(204);
    const list = await callRoute(getMembers, { token: ownerToken, params: { teamId: team.id } });
    expect((list.body.members as unknown[]).length).toBe(1);
  });
});
