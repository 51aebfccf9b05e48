import { getComparison } from '@/lib/results/comparisons-service';
import { exportRequest, exportResults } from '@/lib/results/study-results-service';
import { apiRoute } from '../../../_lib/handler';

/** A saved comparison's results as a file: ?format=csv (default) or json, ?rows=seeds, ?cols=a,b. */
export const GET = apiRoute<{ comparisonId: string }>(async ({ req, actor, params }) => {
  const { format, rows, columns } = exportRequest(new URL(req.url));
  const { results } = await getComparison(actor, params.comparisonId, { perSeed: true });
  return exportResults(results, format, columns, rows);
});
