/**
 * Personal API tokens: created (shown once), listed, revoked; resolved from a Bearer header.
 */
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import { findApiTokenOwner, insertApiToken, listApiTokens, revokeApiToken, touchApiToken } from '@/db/queries/tokens';
import type { ApiToken } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { actorFromUser, type Actor } from './actor';
import { requireActor } from './gate';
import { shouldRecordUse } from './last-used';
import { API_TOKEN_PREFIX, hashSecret, looksLikeApiToken, newSecret } from './secret-tokens';

export const tokenNameSchema = z.string().trim().min(1, 'Give the token a name, e.g. "laptop scripts".').max(80, 'Token name must be at most 80 characters.');

export type TokenSummary = Pick<ApiToken, 'id' | 'name' | 'prefix' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>;

function summary(t: ApiToken): TokenSummary {
  return { id: t.id, name: t.name, prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt };
}

/** Active tokens one user may hold: plenty for scripts and machines, not an unbounded pile of secrets. */
export const API_TOKENS_PER_USER = 25;

export async function createApiToken(actor: Actor | null, name: string, ip: string | null = null): Promise<{ token: string; summary: TokenSummary }> {
  const a = requireActor(actor);
  const token = newSecret(API_TOKEN_PREFIX);
  const row = await insertApiToken({ userId: a.id, name, prefix: token.slice(0, 12), tokenHash: hashSecret(token) }, API_TOKENS_PER_USER);
  if (!row) {
    throw new AppError(
      'conflict',
      `You already have ${API_TOKENS_PER_USER} active API tokens, the most allowed. Revoke tokens you no longer use (on the API tokens page) first.`,
      { limit: API_TOKENS_PER_USER },
    );
  }
  await recordAudit({ action: 'token.created', actorId: a.id, targetType: 'api_token', targetId: row.id, details: { name }, ip });
  return { token, summary: summary(row) };
}

export async function listTokens(actor: Actor | null): Promise<TokenSummary[]> {
  const a = requireActor(actor);
  return (await listApiTokens(a.id)).map(summary);
}

export async function revokeToken(actor: Actor | null, tokenId: string): Promise<void> {
  const a = requireActor(actor);
  const row = z.string().uuid().safeParse(tokenId).success ? await revokeApiToken(a.id, tokenId) : undefined;
  if (!row) throw new AppError('not_found', 'Token was not found or is already revoked.');
  await recordAudit({ action: 'token.revoked', actorId: a.id, targetType: 'api_token', targetId: row.id, details: { name: row.name } });
}

/**
 * Resolves an Authorization header. No header: null (anonymous). A header that is present but
 * malformed, unknown, revoked, or whose user is disabled: 401 with the reason.
 */
export async function actorFromAuthorization(header: string | null): Promise<Actor | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>".');
  const token = match[1];
  if (!looksLikeApiToken(token)) throw new AppError('unauthorized', 'The API token is malformed.');
  const found = await findApiTokenOwner(hashSecret(token));
  if (!found) throw new AppError('unauthorized', 'The API token is not valid.');
  if (found.token.revokedAt) throw new AppError('unauthorized', 'The API token was revoked.');
  const actor = actorFromUser(found.user, 'token');
  if (!actor) throw new AppError('unauthorized', 'The account that owns this API token is disabled.');
  if (shouldRecordUse(found.token.lastUsedAt)) await touchApiToken(found.token.id);
  return actor;
}
