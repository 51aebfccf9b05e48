/**
 * GET/POST of a comment thread, the same for studies, runs and comparisons: each route file
 * only names its target type and path parameter.
 */
import type { CommentTarget } from '@/db/queries/reviews';
import { addComment, commentsFor } from '@/lib/reviews/service';
import { commentThreadSchema } from '@/lib/reviews/review-schemas';
import { apiRoute, readJson, respond } from '../_lib/handler';
import { commentCreatedResponseSchema, commentSchema } from './schema';

export function commentRoutes<K extends string>(type: CommentTarget, param: K) {
  return {
    GET: apiRoute<Record<K, string>>(async ({ actor, params }) => respond(commentThreadSchema, await commentsFor(actor, type, params[param]))),
    POST: apiRoute<Record<K, string>>(async ({ req, actor, params }) => {
      const body = await readJson(req, commentSchema);
      return respond(commentCreatedResponseSchema, { comment: await addComment(actor, type, params[param], body.body) }, 201);
    }),
  };
}
