import { removeComment } from '@/lib/reviews/service';
import { apiRoute } from '../../_lib/handler';

export const DELETE = apiRoute<{ commentId: string }>(async ({ actor, params }) => {
  await removeComment(actor, params.commentId);
  return new Response(null, { status: 204 });
});
