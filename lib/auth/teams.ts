/**
 * Teams and membership: every change checks the gate, keeps at least one owner, and writes its
 * audit event in the same transaction.
 */
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import {
  findInvitationByTokenHash,
  insertInvitation,
  listPendingInvitations,
  lockInvitation,
  markInvitationAccepted,
  revokeInvitation,
} from '@/db/queries/invitations';
import {
  deleteMember,
  insertMember,
  insertTeam,
  listMembers,
  lockMembership,
  lockOwners,
  setMemberRole,
} from '@/db/queries/teams';
import { inTransaction, type Tx } from '@/db/transaction';
import { TEAM_ROLES, type Invitation, type Team, type TeamRole } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { Actor } from './actor';
import { emailSchema } from './credentials';
import { authorizeTeam, requireActor } from './gate';
import { hashSecret, INVITE_PREFIX, newSecret } from './secret-tokens';

export const roleSchema = z.enum(TEAM_ROLES, {
  error: (issue) => `Unknown role "${String(issue.input)}". Roles are: ${TEAM_ROLES.join(', ')}.`,
});

export const teamNameSchema = z.string().trim().min(1, 'Team name is required.').max(80, 'Team name must be at most 80 characters.');

export const INVITE_VALID_DAYS = 7;

export async function createTeam(actor: Actor | null, name: string): Promise<Team> {
  const a = requireActor(actor);
  return inTransaction('create team', async (tx) => {
    const team = await insertTeam(tx, name);
    await insertMember(tx, team.id, a.id, 'owner');
    await recordAudit({ action: 'team.created', teamId: team.id, actorId: a.id, targetType: 'team', targetId: team.id, details: { name } }, tx);
    return team;
  });
}

/**
 * An invitation is bound to the invited address unless the owner asks for an open link
 * (`open: true`), which whoever holds it may accept.
 */
export const inviteSchema = z.object({
  email: emailSchema,
  role: roleSchema,
  open: z.boolean({ error: '"open" must be true or false.' }).default(false),
});

export interface CreatedInvite {
  invitation: Invitation;
  /** The secret token; shown to the inviter once, never stored. */
  token: string;
}

export async function inviteMember(actor: Actor | null, teamId: string, input: z.input<typeof inviteSchema>): Promise<CreatedInvite> {
  const open = input.open ?? false;
  const access = await authorizeTeam(actor, teamId, 'team.manage');
  const members = await listMembers(teamId);
  if (members.some((m) => m.email.toLowerCase() === input.email)) {
    throw new AppError('conflict', `${input.email} is already a member of this team.`, { field: 'email' });
  }
  const token = newSecret(INVITE_PREFIX);
  const invitation = await inTransaction('invite member', async (tx) => {
    const inv = await insertInvitation(tx, {
      teamId,
      email: input.email,
      role: input.role,
      tokenHash: hashSecret(token),
      invitedBy: access.actor.id,
      expiresAt: new Date(Date.now() + INVITE_VALID_DAYS * 86_400_000),
      open,
    });
    await recordAudit(
      { action: 'member.invited', teamId, actorId: access.actor.id, targetType: 'invitation', targetId: inv.id, details: { email: input.email, role: input.role, open } },
      tx,
    );
    return inv;
  });
  return { invitation, token };
}

export async function pendingInvitations(actor: Actor | null, teamId: string): Promise<Invitation[]> {
  await authorizeTeam(actor, teamId, 'team.manage');
  return listPendingInvitations(teamId);
}

export async function cancelInvitation(actor: Actor | null, teamId: string, invitationId: string): Promise<void> {
  const access = await authorizeTeam(actor, teamId, 'team.manage');
  const inv = await revokeInvitation(teamId, invitationId);
  if (!inv) throw new AppError('not_found', 'Invitation was not found or is no longer pending.');
  await recordAudit({ action: 'member.invite_revoked', teamId, actorId: access.actor.id, targetType: 'invitation', targetId: inv.id, details: { email: inv.email } });
}

/** Why an invite link cannot be used, or null when it can. */
export function invitationProblem(inv: Pick<Invitation, 'acceptedAt' | 'revokedAt' | 'expiresAt'> | undefined, now = new Date()): AppError | null {
  if (!inv) return new AppError('not_found', 'This invite link is not valid. Ask the team owner for a new one.');
  if (inv.acceptedAt) return new AppError('gone', 'This invite link has already been used. Ask the team owner for a new one.');
  if (inv.revokedAt) return new AppError('gone', 'This invite link was revoked. Ask the team owner for a new one.');
  if (inv.expiresAt <= now) return new AppError('gone', 'This invite link has expired. Ask the team owner for a new one.');
  return null;
}

export async function describeInvitation(token: string) {
  const inv = await findInvitationByTokenHash(hashSecret(token));
  const problem = invitationProblem(inv);
  return { invitation: inv, problem };
}

export interface SignUpInvitation {
  teamName: string;
  inviterEmail: string;
  email: string;
  role: TeamRole;
  /** Any account may accept it; otherwise only one with `email`. */
  open: boolean;
}

/**
 * What the sign-up (or sign-in) page says when it was reached from an invite link: who invited
 * whom to which team. Null for anything but a usable invitation, so a dead link does not
 * pre-fill anything (the invite page itself says why it cannot be used).
 */
export async function invitationForSignUp(token: string | null): Promise<SignUpInvitation | null> {
  if (!token) return null;
  const { invitation, problem } = await describeInvitation(token);
  if (problem || !invitation) return null;
  return { teamName: invitation.teamName, inviterEmail: invitation.inviterEmail, email: invitation.email, role: invitation.role, open: invitation.open };
}

/** Why this user may not accept this (otherwise usable) invitation, or null. */
export function invitationRecipientProblem(inv: Pick<Invitation, 'open' | 'email'>, actor: Pick<Actor, 'email'>): AppError | null {
  if (inv.open || inv.email.toLowerCase() === actor.email.toLowerCase()) return null;
  return new AppError(
    'forbidden',
    `This invitation is for another email address than the one you are signed in with (${actor.email}). Sign in with the invited address, or ask the team owner for an open link.`,
  );
}

/**
 * Accepts an invite for the signed-in user. The invitation row is locked so the link works once.
 * An invitation is bound to the invited address (the signed-in account must have it) unless the
 * owner created an open link; the event records both addresses.
 */
export async function acceptInvitation(actor: Actor | null, token: string): Promise<{ teamId: string; role: TeamRole }> {
  const a = requireActor(actor);
  const inv = await findInvitationByTokenHash(hashSecret(token));
  const problem = invitationProblem(inv);
  if (problem || !inv) throw problem ?? new AppError('not_found', 'This invite link is not valid.');
  const recipientProblem = invitationRecipientProblem(inv, a);
  if (recipientProblem) throw recipientProblem;
  return inTransaction('accept invitation', async (tx) => {
    const locked = await lockInvitation(tx, inv.id);
    const lockedProblem = invitationProblem(locked);
    if (lockedProblem) throw lockedProblem;
    const existing = await lockMembership(tx, inv.teamId, a.id);
    if (existing) throw new AppError('conflict', `You are already a member of ${inv.teamName}.`);
    await insertMember(tx, inv.teamId, a.id, inv.role);
    await markInvitationAccepted(tx, inv.id, a.id);
    await recordAudit(
      { action: 'member.joined', teamId: inv.teamId, actorId: a.id, targetType: 'user', targetId: a.id, details: { role: inv.role, invitedEmail: inv.email, email: a.email, open: inv.open } },
      tx,
    );
    return { teamId: inv.teamId, role: inv.role };
  });
}

async function assertOwnerRemains(tx: Tx, teamId: string, userId: string): Promise<void> {
  const owners = await lockOwners(tx, teamId);
  if (owners.length === 1 && owners[0] === userId) {
    throw new AppError('validation', 'A team needs at least one owner. Make another member owner first.', { field: 'role' });
  }
}

export const changeRoleSchema = z.object({ userId: z.string().uuid('Unknown member.'), role: roleSchema });

export async function changeMemberRole(actor: Actor | null, teamId: string, input: z.infer<typeof changeRoleSchema>): Promise<void> {
  const access = await authorizeTeam(actor, teamId, 'team.manage');
  await inTransaction('change member role', async (tx) => {
    const current = await lockMembership(tx, teamId, input.userId);
    if (!current) throw new AppError('not_found', 'Member was not found.');
    if (current === input.role) return;
    if (current === 'owner') await assertOwnerRemains(tx, teamId, input.userId);
    await setMemberRole(tx, teamId, input.userId, input.role);
    await recordAudit(
      { action: 'member.role_changed', teamId, actorId: access.actor.id, targetType: 'user', targetId: input.userId, details: { from: current, to: input.role } },
      tx,
    );
  });
}

export async function removeMember(actor: Actor | null, teamId: string, userId: string): Promise<void> {
  const a = requireActor(actor);
  // Leaving is allowed to every member; removing someone else needs team.manage.
  const access = await authorizeTeam(a, teamId, userId === a.id ? 'team.read' : 'team.manage');
  await inTransaction('remove member', async (tx) => {
    const current = await lockMembership(tx, teamId, userId);
    if (!current) throw new AppError('not_found', 'Member was not found.');
    if (current === 'owner') await assertOwnerRemains(tx, teamId, userId);
    await deleteMember(tx, teamId, userId);
    await recordAudit(
      { action: userId === a.id ? 'member.left' : 'member.removed', teamId, actorId: access.actor.id, targetType: 'user', targetId: userId, details: { role: current } },
      tx,
    );
  });
}

export async function teamMembers(actor: Actor | null, teamId: string) {
  const access = await authorizeTeam(actor, teamId, 'team.read');
  return { access, members: await listMembers(teamId) };
}
