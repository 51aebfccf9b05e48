import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from '../client';
import type { Tx } from '../transaction';
import { query } from '../errors';
import { teamMembers, teams, users, type Team, type TeamRole } from '../schema';

export interface Membership {
  teamId: string;
  teamName: string;
  role: TeamRole;
}

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: TeamRole;
  joinedAt: Date;
}


export async function findTeam(id: string): Promise<Team | undefined> {
  return query('find team', async () => {
    const db = await getDb();
    const [row] = await db.select().from(teams).where(eq(teams.id, id));
    return row;
  });
}

export async function listMemberships(userId: string): Promise<Membership[]> {
  return query('list memberships', async () => {
    const db = await getDb();
    return db
      .select({ teamId: teams.id, teamName: teams.name, role: teamMembers.role })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(eq(teamMembers.userId, userId))
      .orderBy(asc(teams.name));
  });
}

export async function findMembership(teamId: string, userId: string): Promise<Membership | undefined> {
  return query('find membership', async () => {
    const db = await getDb();
    const [row] = await db
      .select({ teamId: teams.id, teamName: teams.name, role: teamMembers.role })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    return row;
  });
}

export async function listMembers(teamId: string): Promise<MemberRow[]> {
  return query('list members', async () => {
    const db = await getDb();
    return db
      .select({ userId: users.id, email: users.email, name: users.name, role: teamMembers.role, joinedAt: teamMembers.joinedAt })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(eq(teamMembers.teamId, teamId))
      .orderBy(asc(users.email));
  });
}

export async function listAllTeams(): Promise<Array<Team & { memberCount: number }>> {
  return query('list teams', async () => {
    const db = await getDb();
    return db
      .select({ id: teams.id, name: teams.name, createdAt: teams.createdAt, memberCount: sql<number>`count(${teamMembers.userId})::int` })
      .from(teams)
      .leftJoin(teamMembers, eq(teamMembers.teamId, teams.id))
      .groupBy(teams.id)
      .orderBy(asc(teams.name));
  });
}

export async function insertTeam(tx: Tx, name: string): Promise<Team> {
  const [row] = await tx.insert(teams).values({ name }).returning();
  return row;
}

export async function insertMember(tx: Tx, teamId: string, userId: string, role: TeamRole): Promise<void> {
  await tx.insert(teamMembers).values({ teamId, userId, role });
}

export async function setMemberRole(tx: Tx, teamId: string, userId: string, role: TeamRole): Promise<boolean> {
  const rows = await tx
    .update(teamMembers)
    .set({ role })
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .returning({ userId: teamMembers.userId });
  return rows.length > 0;
}

export async function deleteMember(tx: Tx, teamId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .returning({ userId: teamMembers.userId });
  return rows.length > 0;
}

/** Owners of a team, locked for the rest of the transaction so two demotions cannot both pass. */
export async function lockOwners(tx: Tx, teamId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'owner')))
    .for('update');
  return rows.map((r) => r.userId);
}

export async function lockMembership(tx: Tx, teamId: string, userId: string): Promise<TeamRole | undefined> {
  const [row] = await tx
    .select({ role: teamMembers.role })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .for('update');
  return row?.role;
}

