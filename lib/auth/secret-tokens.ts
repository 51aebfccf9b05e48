/**
 * Opaque secrets (API tokens, invite links): random, shown once, stored only as a hash.
 */
import crypto from 'node:crypto';

export function newSecret(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

export const API_TOKEN_PREFIX = 'lethe';
export const INVITE_PREFIX = 'inv';

/** Shape check before any lookup: a malformed token is refused without touching the database. */
export function looksLikeApiToken(value: string): boolean {
  return /^lethe_[A-Za-z0-9_-]{43}$/.test(value);
}
