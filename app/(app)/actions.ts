'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { adminChangeUser, adminUserChangeSchema, changePassword, changePasswordSchema, profileSchema, updateProfile } from '@/lib/auth/accounts';
import { createApiToken, revokeToken, tokenNameSchema } from '@/lib/auth/api-tokens';
import { requireAdmin } from '@/lib/auth/gate';
import {
  acceptInvitation,
  cancelInvitation,
  changeMemberRole,
  changeRoleSchema,
  createTeam,
  inviteMember,
  inviteSchema,
  removeMember,
  teamNameSchema,
} from '@/lib/auth/teams';
import { validatedActionWithUser } from '@/lib/auth/validated-action';
import { endOtherSessions } from '@/lib/auth/sessions';
import { signOut } from '@/lib/auth/next-auth';
import { headers } from 'next/headers';

async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return `${proto}://${host}`;
}

const teamIdSchema = z.object({ teamId: z.string().min(1) });

export const createTeamAction = validatedActionWithUser(z.object({ name: teamNameSchema }), async (data, actor) => {
  const team = await createTeam(actor, data.name);
  redirect(`/teams/${team.id}`);
});

const inviteFormSchema = inviteSchema.extend({
  link: z.enum(['address', 'open'], { error: 'Choose who may use the link.' }),
});

export const inviteAction = validatedActionWithUser(inviteFormSchema.and(teamIdSchema), async (data, actor) => {
  const { token, invitation } = await inviteMember(actor, data.teamId, { email: data.email, role: data.role, open: data.link === 'open' });
  revalidatePath(`/teams/${data.teamId}/members`);
  const who = invitation.open ? 'Whoever holds this link can use it' : `Only an account with the address ${invitation.email} can use this link`;
  return {
    success: `Invitation for ${invitation.email} as ${invitation.role} created. ${who}; it works once and expires in 7 days.`,
    data: { 'Invite link': `${await origin()}/invite/${token}` },
  };
});

export const cancelInviteAction = validatedActionWithUser(teamIdSchema.extend({ invitationId: z.string().uuid() }), async (data, actor) => {
  await cancelInvitation(actor, data.teamId, data.invitationId);
  revalidatePath(`/teams/${data.teamId}/members`);
  return { success: 'Invitation revoked.' };
});

export const changeRoleAction = validatedActionWithUser(changeRoleSchema.and(teamIdSchema), async (data, actor) => {
  await changeMemberRole(actor, data.teamId, { userId: data.userId, role: data.role });
  revalidatePath(`/teams/${data.teamId}/members`);
  return { success: 'Role changed.' };
});

export const removeMemberAction = validatedActionWithUser(teamIdSchema.extend({ userId: z.string().uuid() }), async (data, actor) => {
  await removeMember(actor, data.teamId, data.userId);
  if (data.userId === actor.id) redirect('/');
  revalidatePath(`/teams/${data.teamId}/members`);
  return { success: 'Member removed.' };
});

export const acceptInviteAction = validatedActionWithUser(z.object({ token: z.string().min(1) }), async (data, actor) => {
  const { teamId } = await acceptInvitation(actor, data.token);
  redirect(`/teams/${teamId}`);
});

export const updateProfileAction = validatedActionWithUser(profileSchema, async (data, actor) => {
  await updateProfile(actor, data);
  revalidatePath('/', 'layout');
  return { success: 'Name saved.' };
});

export const changePasswordAction = validatedActionWithUser(changePasswordSchema, async (data, actor) => {
  const { sessionsEnded, tokensRevoked } = await changePassword(actor, data);
  revalidatePath('/profile');
  const sessions = `${sessionsEnded} other session${sessionsEnded === 1 ? '' : 's'} signed out`;
  const tokens = data.tokens === 'revoke' ? `${tokensRevoked} API token${tokensRevoked === 1 ? '' : 's'} revoked` : 'API tokens kept';
  return { success: `Password changed; ${sessions}; ${tokens}.` };
});

/** Ends every session of the user, this one included. */
export const signOutEverywhereAction = validatedActionWithUser(z.object({}), async (_data, actor) => {
  await endOtherSessions(actor.id, null, 'sign_out_everywhere');
  await signOut({ redirectTo: '/sign-in' });
});

export const createTokenAction = validatedActionWithUser(z.object({ name: tokenNameSchema }), async (data, actor) => {
  const { token } = await createApiToken(actor, data.name);
  revalidatePath('/tokens');
  return { success: 'Token created. Copy it now: it is shown only once.', data: { 'API token': token } };
});

export const revokeTokenAction = validatedActionWithUser(z.object({ tokenId: z.string().min(1) }), async (data, actor) => {
  await revokeToken(actor, data.tokenId);
  revalidatePath('/tokens');
  return { success: 'Token revoked.' };
});

export const adminChangeUserAction = validatedActionWithUser(adminUserChangeSchema, async (data, actor) => {
  const admin = requireAdmin(actor);
  const user = await adminChangeUser(admin, data);
  revalidatePath('/admin');
  return { success: `${user.email}: done.` };
});
