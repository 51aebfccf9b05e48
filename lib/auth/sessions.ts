/**
 * Browser sessions, revocable: the session cookie names a row of the sessions table and every
 * request checks that row, so sign-out, "sign out everywhere", a password change and an admin
 * disabling the account end sessions at once, not when a cookie expires.
 *
 * Lifetime: a session ends after SESSION_IDLE_HOURS without use (each use slides the end
 * forward) and at most SESSION_MAX_DAYS after sign-in, when the cookie itself expires too.
 */
import { recordAudit } from '@/db/queries/audit';
import { findSession, insertSession, listActiveSessions, revokeSession, revokeUserSessions, touchSession } from '@/db/queries/sessions';
import type { Session } from '@/db/schema';
import { isUuid } from './gate';

export const SESSION_IDLE_HOURS = 12;
export const SESSION_MAX_DAYS = 7;
/** Renewing on every request would write on every page view; once a few minutes is enough. */
const RENEW_AFTER_MS = 5 * 60_000;

function idleEnd(now: Date, createdAt: Date): Date {
  const absoluteEnd = createdAt.getTime() + SESSION_MAX_DAYS * 86_400_000;
  return new Date(Math.min(now.getTime() + SESSION_IDLE_HOURS * 3_600_000, absoluteEnd));
}

export async function startSession(userId: string, ip: string | null, userAgent: string | null, now = new Date()): Promise<Session> {
  return insertSession({ userId, expiresAt: idleEnd(now, now), ip, userAgent: userAgent?.slice(0, 300) ?? null });
}

/**
 * Whether `sessionId` is a live session of `userId` at `now`; renews its idle deadline.
 * A missing id (a cookie from before sessions existed), a revoked, expired or foreign session: false.
 */
export async function isLiveSession(sessionId: string | undefined, userId: string, now = new Date()): Promise<boolean> {
  if (!sessionId || !isUuid(sessionId)) return false;
  const session = await findSession(sessionId);
  if (!session || session.userId !== userId || session.revokedAt || session.expiresAt <= now) return false;
  if (now.getTime() - session.lastSeenAt.getTime() >= RENEW_AFTER_MS) await touchSession(session.id, now, idleEnd(now, session.createdAt));
  return true;
}

export async function endSession(sessionId: string | undefined, userId: string): Promise<void> {
  if (!sessionId || !isUuid(sessionId)) return;
  await revokeSession(sessionId, userId);
}

/** Ends all of the user's sessions but `keepSessionId`; audited. */
export async function endOtherSessions(userId: string, keepSessionId: string | null, reason: 'sign_out_everywhere' | 'password_changed'): Promise<number> {
  const ended = await revokeUserSessions(userId, keepSessionId);
  await recordAudit({ action: 'user.sessions_ended', actorId: userId, targetType: 'user', targetId: userId, details: { reason, ended } });
  return ended;
}

export { listActiveSessions };
