import { z } from 'zod';
import { REVIEW_STATUSES } from '@/db/schema';

export const reviewSchema = z.object({
  status: z.enum(REVIEW_STATUSES, { error: (issue) => `Unknown review status "${String(issue.input)}". Statuses are: ${REVIEW_STATUSES.join(', ')}.` }),
  note: z.string().trim().max(2000, 'A note may have at most 2000 characters.').optional().default(''),
  /** With "in_review": the member asked to review (a reviewer or an owner of the study's team). */
  assigneeId: z.string().uuid('must be a user id').nullable().optional(),
});
