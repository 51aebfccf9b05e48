import 'server-only';
import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { sessions, type Session } from '../schema';

export async function insertSession(values: { userId: string; expiresAt: Date; ip: string | null; userAgent: string | null }): Promise<Session> {
  return query('create session', async () => {
    const db = await getDb();
    const [row] = await db.insert(sessions).values(values).returning();
    return row;
  });
}

export async function findSession(id: string): Promise<Session | undefined> {
  return query('find session', async () => {
    const db = await getDb();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
    return row;
  });
}

/** Slides an active session forward; a revoked one stays revoked. */
export async function touchSession(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
  await query('renew session', async () => {
    const db = await getDb();
    await db.update(sessions).set({ lastSeenAt, expiresAt }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
  });
}

export async function revokeSession(id: string, userId: string): Promise<Session | undefined> {
  return query('end session', async () => {
    const db = await getDb();
    const [row] = await db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .returning();
    return row;
  });
}

/** Ends every active session of the user except `keepId` (the one making the change, if any). Returns how many ended. */
export async function revokeUserSessions(userId: string, keepId: string | null): Promise<number> {
  return query('end sessions', async () => {
    const db = await getDb();
    const rows = await db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepId ? ne(sessions.id, keepId) : undefined))
      .returning({ id: sessions.id });
    return rows.length;
  });
}

export async function listActiveSessions(userId: string, now: Date): Promise<Session[]> {
  return query('list sessions', async () => {
    const db = await getDb();
    return db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
      .orderBy(desc(sessions.lastSeenAt));
  });
}
