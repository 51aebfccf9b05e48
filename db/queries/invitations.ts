import 'server-only';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { invitations, teams, users, type Invitation, type TeamRole } from '../schema';
import type { Tx } from '../transaction';

export interface InvitationWithTeam extends Invitation {
  teamName: string;
  inviterEmail: string;
}

export async function insertInvitation(
  tx: Tx,
  values: { teamId: string; email: string; role: TeamRole; tokenHash: string; invitedBy: string; expiresAt: Date; open: boolean },
): Promise<Invitation> {
  const [row] = await tx.insert(invitations).values(values).returning();
  return row;
}

export async function findInvitationByTokenHash(tokenHash: string): Promise<InvitationWithTeam | undefined> {
  return query('find invitation', async () => {
    const db = await getDb();
    const [row] = await db
      .select({ invitation: invitations, teamName: teams.name, inviterEmail: users.email })
      .from(invitations)
      .innerJoin(teams, eq(teams.id, invitations.teamId))
      .innerJoin(users, eq(users.id, invitations.invitedBy))
      .where(eq(invitations.tokenHash, tokenHash));
    return row ? { ...row.invitation, teamName: row.teamName, inviterEmail: row.inviterEmail } : undefined;
  });
}

/** Locks the invitation row so that two acceptances of one link cannot both succeed. */
export async function lockInvitation(tx: Tx, id: string): Promise<Invitation | undefined> {
  const [row] = await tx.select().from(invitations).where(eq(invitations.id, id)).for('update');
  return row;
}

export async function markInvitationAccepted(tx: Tx, id: string, userId: string): Promise<void> {
  await tx.update(invitations).set({ acceptedAt: new Date(), acceptedBy: userId }).where(eq(invitations.id, id));
}

export async function revokeInvitation(teamId: string, id: string): Promise<Invitation | undefined> {
  return query('revoke invitation', async () => {
    const db = await getDb();
    const [row] = await db
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, id), eq(invitations.teamId, teamId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    return row;
  });
}

export async function listPendingInvitations(teamId: string): Promise<Invitation[]> {
  return query('list invitations', async () => {
    const db = await getDb();
    return db
      .select()
      .from(invitations)
      .where(
        and(eq(invitations.teamId, teamId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())),
      )
      .orderBy(desc(invitations.createdAt));
  });
}
