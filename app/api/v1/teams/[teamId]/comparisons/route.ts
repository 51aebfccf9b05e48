import { createComparison, teamComparisons } from '@/lib/results/comparisons-service';
import { comparisonViewSchema } from '@/lib/results/results-schema';
import { apiRoute, readJsonBody, respond } from '../../../_lib/handler';
import { comparisonListResponseSchema } from './schema';

/** The team's saved comparisons. */
export const GET = apiRoute<{ teamId: string }>(async ({ actor, params }) => {
  return respond(comparisonListResponseSchema, { comparisons: await teamComparisons(actor, params.teamId) });
});

/** Save a comparison (any member who reads the team, reviewers included: it is a view, not data). */
export const POST = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  return respond(comparisonViewSchema, await createComparison(actor, params.teamId, await readJsonBody(req)), 201);
});
