import 'server-only';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { inTransaction } from '../transaction';
import { apiTokens, users, type ApiToken, type User } from '../schema';

/**
 * Creates a token unless the user already holds `maxActive` active ones (then undefined).
 * The user's row is locked meanwhile, so parallel requests cannot pass the limit together.
 */
export async function insertApiToken(
  values: { userId: string; name: string; prefix: string; tokenHash: string },
  maxActive: number,
): Promise<ApiToken | undefined> {
  return inTransaction('create API token', async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, values.userId)).for('update');
    const [active] = await tx.select({ n: count() }).from(apiTokens).where(and(eq(apiTokens.userId, values.userId), isNull(apiTokens.revokedAt)));
    if (Number(active?.n ?? 0) >= maxActive) return undefined;
    const [row] = await tx.insert(apiTokens).values(values).returning();
    return row;
  });
}

export async function listApiTokens(userId: string): Promise<ApiToken[]> {
  return query('list API tokens', async () => {
    const db = await getDb();
    return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
  });
}

/** Marks a token revoked; only its owner's tokens match. Returns the token when it was active. */
export async function revokeApiToken(userId: string, tokenId: string): Promise<ApiToken | undefined> {
  return query('revoke API token', async () => {
    const db = await getDb();
    const [row] = await db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning();
    return row;
  });
}

export async function findApiTokenOwner(tokenHash: string): Promise<{ token: ApiToken; user: User } | undefined> {
  return query('look up API token', async () => {
    const db = await getDb();
    const [row] = await db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.tokenHash, tokenHash));
    return row;
  });
}

export async function touchApiToken(tokenId: string): Promise<void> {
  await query('touch API token', async () => {
    const db = await getDb();
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, tokenId));
  });
}

/** Revokes every active token of the user; returns how many. */
export async function revokeAllApiTokens(userId: string): Promise<number> {
  return query('revoke API tokens', async () => {
    const db = await getDb();
    const rows = await db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length;
  });
}
