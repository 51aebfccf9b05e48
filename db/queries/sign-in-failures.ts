import 'server-only';
import { and, eq, gt, lt, or, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { signInFailures } from '../schema';

export async function recordSignInFailure(email: string, ip: string | null): Promise<void> {
  await query('record sign-in failure', async () => {
    const db = await getDb();
    await db.insert(signInFailures).values({ email: email.toLowerCase(), ip });
  });
}

/** Failures since `since` for this account, and for this address (any account). */
export async function countSignInFailures(email: string, ip: string | null, since: Date): Promise<{ byEmail: number; byIp: number }> {
  return query('count sign-in failures', async () => {
    const db = await getDb();
    const [row] = await db
      .select({
        byEmail: sql<number>`count(*) filter (where ${signInFailures.email} = ${email.toLowerCase()})::int`,
        byIp: ip ? sql<number>`count(*) filter (where ${signInFailures.ip} = ${ip})::int` : sql<number>`0`,
      })
      .from(signInFailures)
      .where(and(gt(signInFailures.createdAt, since), or(eq(signInFailures.email, email.toLowerCase()), ip ? eq(signInFailures.ip, ip) : undefined)));
    return { byEmail: Number(row.byEmail), byIp: Number(row.byIp) };
  });
}

export async function clearSignInFailures(email: string): Promise<void> {
  await query('clear sign-in failures', async () => {
    const db = await getDb();
    await db.delete(signInFailures).where(eq(signInFailures.email, email.toLowerCase()));
  });
}

export async function pruneSignInFailures(before: Date): Promise<void> {
  await query('prune sign-in failures', async () => {
    const db = await getDb();
    await db.delete(signInFailures).where(lt(signInFailures.createdAt, before));
  });
}
