import { z } from 'zod';
import { SHARE_TARGETS } from '@/db/schema';
import { shareLinkViewSchema } from '@/lib/reviews/review-schemas';

export const createShareLinkSchema = z.object({
  targetType: z.enum(SHARE_TARGETS, { error: (issue) => `targetType must be one of ${SHARE_TARGETS.join(', ')}, not "${String(issue.input)}".` }),
  targetId: z.string().uuid('targetId must be the id of a study, comparison or benchmark.'),
  /** ISO date-time; omitted or null: the link works until revoked. */
  expiresAt: z.iso
    .datetime({ offset: true, error: 'expiresAt must be an ISO date-time such as 2030-01-31T12:00:00Z.' })
    .nullable()
    .optional()
    .refine((v) => !v || new Date(v).getTime() > Date.now(), 'The expiry must be in the future.'),
});

export const shareLinkListResponseSchema = z.object({ shareLinks: z.array(shareLinkViewSchema) });

/** A new link: its URL carries the secret and is in this answer only. */
export const shareLinkCreatedResponseSchema = z.object({ shareLink: shareLinkViewSchema, url: z.url() });
