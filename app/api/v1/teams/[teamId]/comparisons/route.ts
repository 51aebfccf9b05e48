import { createComparison, teamComparisons } from '@/lib/results/comparisons-service';
import { apiRoute, json, readJsonBody } from '../../../_lib/handler';

/** The team's saved comparisons. */
export const GET = apiRoute<{ teamId: string }>(async ({ actor, params }) => {
  return json({ comparisons: await teamComparisons(actor, params.teamId) });
});

/** Save a comparison (any member who reads the team, reviewers included: it is a view, not data). */
export const POST = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  return json(await createComparison(actor, params.teamId, await readJsonBody(req)), 201);
});
