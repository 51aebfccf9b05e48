import { z } from 'zod';
import { isoDate } from '@/lib/wire';
import { tokenNameSchema } from '@/lib/auth/api-tokens';

export const createTokenSchema = z.object({ name: tokenNameSchema });

/** An API token as listed: never its secret. */
export const tokenSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: isoDate,
  lastUsedAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
});

export const tokenListResponseSchema = z.object({ tokens: z.array(tokenSummarySchema) });

/** A new token: the secret (`token`) is in this answer only. */
export const tokenCreatedResponseSchema = tokenSummarySchema.extend({ token: z.string() });
