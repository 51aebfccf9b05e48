import { deleteComparison, getComparison, updateComparison } from '@/lib/results/comparisons-service';
import { comparisonViewSchema } from '@/lib/results/results-schema';
import { apiRoute, readJsonBody, respond } from '../../_lib/handler';
import { comparisonWithResultsResponseSchema } from './schema';

/** A saved comparison with its results table, headline and chart data. */
export const GET = apiRoute<{ comparisonId: string }>(async ({ actor, params }) => {
  return respond(comparisonWithResultsResponseSchema, await getComparison(actor, params.comparisonId));
});

/** Rename, change runs, baseline or saved view (its creator, or a member with team.write). */
export const PATCH = apiRoute<{ comparisonId: string }>(async ({ req, actor, params }) => {
  return respond(comparisonViewSchema, await updateComparison(actor, params.comparisonId, await readJsonBody(req)));
});

export const DELETE = apiRoute<{ comparisonId: string }>(async ({ actor, params }) => {
  await deleteComparison(actor, params.comparisonId);
  return new Response(null, { status: 204 });
});
