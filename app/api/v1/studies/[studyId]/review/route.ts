import { reviewState, setReviewStatus } from '@/lib/reviews/service';
import { reviewStateSchema } from '@/lib/reviews/review-schemas';
import { apiRoute, readJson, respond } from '../../../_lib/handler';
import { reviewSchema } from './schema';

export const GET = apiRoute<{ studyId: string }>(async ({ actor, params }) => respond(reviewStateSchema, await reviewState(actor, params.studyId)));

export const POST = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const body = await readJson(req, reviewSchema);
  return respond(reviewStateSchema, await setReviewStatus(actor, params.studyId, body), 201);
});
