import { z } from 'zod';
import { COMMENT_MAX_LENGTH } from '@/lib/reviews/service';
import { commentViewSchema } from '@/lib/reviews/review-schemas';

export const commentSchema = z.object({
  body: z.string().trim().min(1, 'Write something before posting.').max(COMMENT_MAX_LENGTH, `A comment may have at most ${COMMENT_MAX_LENGTH} characters.`),
});

export const commentCreatedResponseSchema = z.object({ comment: commentViewSchema });
