import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { makeTeam, makeUser, TEST_PASSWORD, uniqueEmail } from '@/test/factories';
import { signUp } from './accounts';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { listMembers } from '@/db/queries/teams';
import { invitations } from '@/db/schema';
import { acceptInvitation, invitationForSignUp, inviteMember } from './teams';

describe('accounts and invitations', () => {
  it('refuses a second account for the same address, whatever its case', async () => {
    const user = await makeUser('dup');
    const err = await signUp({ email: user.email.toUpperCase(), name: 'Again', password: TEST_PASSWORD }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    expect((err as AppError).details.field).toBe('email');
  });

  it('refuses an expired invitation with 410 and a message saying what to do, and adds nobody', async () => {
    const { team, owner } = await makeTeam();
    const { token, invitation } = await inviteMember(owner, team.id, { email: uniqueEmail('late'), role: 'reviewer' });
    const db = await getDb();
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitation.id));
    const late = await makeUser('late');
    const err = await acceptInvitation(late, token).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(410);
    expect((err as AppError).message).toMatch(/expired.*new one/);
    expect((await listMembers(team.id)).map((m) => m.userId)).not.toContain(late.id);
  });

  it('binds an invitation to the invited address: another account cannot use the link, the invited one can', async () => {
    const { team, owner } = await makeTeam();
    const invited = await makeUser('invited');
    const { token } = await inviteMember(owner, team.id, { email: invited.email, role: 'owner' });
    const outsider = await makeUser('out1');
    const err = await acceptInvitation(outsider, token).catch((e: unknown) => e);
    expect((err as AppError).status).toBe(403);
    expect((err as AppError).message).toMatch(/another email address.*open link/);
    expect((await listMembers(team.id)).map((m) => m.userId)).not.toContain(outsider.id);
    expect(await acceptInvitation({ ...invited, email: invited.email.toUpperCase() }, token)).toEqual({ teamId: team.id, role: 'owner' });
  });

  it('lets anyone holding an open link join, once', async () => {
    const { team, owner } = await makeTeam();
    const { token, invitation } = await inviteMember(owner, team.id, { email: uniqueEmail('meant-for'), role: 'reviewer', open: true });
    expect(invitation.open).toBe(true);
    const holder = await makeUser('holder');
    expect(await acceptInvitation(holder, token)).toEqual({ teamId: team.id, role: 'reviewer' });
    const second = await makeUser('second');
    expect(((await acceptInvitation(second, token).catch((e: unknown) => e)) as AppError).status).toBe(410);
  });

  it('tells the sign-up page who invited which address to which team, while the link is usable', async () => {
    const { team, owner } = await makeTeam();
    const email = uniqueEmail('newcomer');
    const { token } = await inviteMember(owner, team.id, { email, role: 'researcher' });
    expect(await invitationForSignUp(token)).toEqual({ teamName: team.name, inviterEmail: owner.email, email, role: 'researcher', open: false });
    expect(await invitationForSignUp(null)).toBeNull();
    expect(await invitationForSignUp('inv_unknown')).toBeNull();
    const newcomer = await makeUser('newcomer');
    await acceptInvitation({ ...newcomer, email }, token);
    // A used link pre-fills nothing.
    expect(await invitationForSignUp(token)).toBeNull();
  });
});
