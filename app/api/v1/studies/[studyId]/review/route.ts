import { reviewState, setReviewStatus } from '@/lib/reviews/service';
import { apiRoute, json, readJson } from '../../../_lib/handler';
import { reviewSchema } from './schema';

export const GET = apiRoute<{ studyId: string }>(async ({ actor, params }) => json(await reviewState(actor, params.studyId)));

export const POST = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const body = await readJson(req, reviewSchema);
  return json(await setReviewStatus(actor, params.studyId, body), 201);
});
