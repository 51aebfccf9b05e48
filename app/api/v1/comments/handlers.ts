/**
 * GET/POST of a comment thread, the same for studies, runs and comparisons: each route file
 * only names its target type and path parameter.
 */
import type { CommentTarget } from '@/db/queries/reviews';
import { addComment, commentsFor } from '@/lib/reviews/service';
import { apiRoute, json, readJson } from '../_lib/handler';
import { commentSchema } from './schema';

export function commentRoutes<K extends string>(type: CommentTarget, param: K) {
  return {
    GET: apiRoute<Record<K, string>>(async ({ actor, params }) => json(await commentsFor(actor, type, params[param]))),
    POST: apiRoute<Record<K, string>>(async ({ req, actor, params }) => {
      const body = await readJson(req, commentSchema);
      return json({ comment: await addComment(actor, type, params[param], body.body) }, 201);
    }),
  };
}
