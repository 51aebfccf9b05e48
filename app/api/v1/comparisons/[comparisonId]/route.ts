import { deleteComparison, getComparison, updateComparison } from '@/lib/results/comparisons-service';
import { apiRoute, json, readJsonBody } from '../../_lib/handler';

/** A saved comparison with its results table, headline and chart data. */
export const GET = apiRoute<{ comparisonId: string }>(async ({ actor, params }) => {
  return json(await getComparison(actor, params.comparisonId));
});

/** Rename, change runs, baseline or saved view (its creator, or a member with team.write). */
export const PATCH = apiRoute<{ comparisonId: string }>(async ({ req, actor, params }) => {
  return json(await updateComparison(actor, params.comparisonId, await readJsonBody(req)));
});

export const DELETE = apiRoute<{ comparisonId: string }>(async ({ actor, params }) => {
  await deleteComparison(actor, params.comparisonId);
  return new Response(null, { status: 204 });
});
