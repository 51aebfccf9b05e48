import 'server-only';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { auditEvents, teams, users } from '../schema';
import type { Tx } from '../transaction';

export interface AuditInput {
  action: string;
  teamId?: string | null;
  actorId?: string | null;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditRow {
  id: string;
  action: string;
  teamId: string | null;
  teamName: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
}

/** Writes an audit event, inside the caller's transaction when one is given. */
export async function recordAudit(event: AuditInput, tx?: Tx): Promise<void> {
  const values = {
    action: event.action,
    teamId: event.teamId ?? null,
    actorId: event.actorId ?? null,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    details: event.details ?? {},
    ip: event.ip ?? null,
  };
  if (tx) {
    await tx.insert(auditEvents).values(values);
    return;
  }
  await query('record audit event', async () => {
    const db = await getDb();
    await db.insert(auditEvents).values(values);
  });
}

/** Newest first; `teamId` undefined lists every event (admins), a team id only that team's. */
export async function listAudit(options: { teamId?: string; before?: Date; limit?: number }): Promise<AuditRow[]> {
  return query('list audit events', async () => {
    const db = await getDb();
    const filters: SQL[] = [];
    if (options.teamId) filters.push(eq(auditEvents.teamId, options.teamId));
    if (options.before) filters.push(lt(auditEvents.createdAt, options.before));
    return db
      .select({
        id: auditEvents.id,
        action: auditEvents.action,
        teamId: auditEvents.teamId,
        teamName: teams.name,
        actorEmail: users.email,
        targetType: auditEvents.targetType,
        targetId: auditEvents.targetId,
        details: auditEvents.details,
        ip: auditEvents.ip,
        createdAt: auditEvents.createdAt,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .leftJoin(teams, eq(teams.id, auditEvents.teamId))
      .where(filters.length ? and(...filters) : undefined)
      .orderBy(desc(auditEvents.createdAt))
      .limit(Math.min(options.limit ?? 100, 500));
  });
}
