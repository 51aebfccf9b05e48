import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '../transaction';
import { signInThrottles, type SignInThrottle } from '../schema';

/**
 * The throttle row for `key`, created when missing, locked until the transaction ends: parallel
 * sign-in attempts on one account or address wait for each other here.
 */
export async function lockThrottle(tx: Tx, key: string, now: Date): Promise<SignInThrottle> {
  await tx.insert(signInThrottles).values({ key, failures: 0, windowStartedAt: now, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx.select().from(signInThrottles).where(eq(signInThrottles.key, key)).for('update');
  return row;
}

export async function saveThrottle(tx: Tx, row: SignInThrottle): Promise<void> {
  await tx
    .update(signInThrottles)
    .set({ failures: row.failures, windowStartedAt: row.windowStartedAt, blockedUntil: row.blockedUntil, updatedAt: row.updatedAt })
    .where(eq(signInThrottles.key, row.key));
}
