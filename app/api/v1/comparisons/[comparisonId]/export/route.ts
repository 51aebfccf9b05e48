import { getComparison } from '@/lib/results/comparisons-service';
import { exportResults, parseExportFormat } from '@/lib/results/study-results-service';
import { apiRoute } from '../../../_lib/handler';

/** A saved comparison's table as a file: ?format=csv (default) or json, ?cols=a,b. */
export const GET = apiRoute<{ comparisonId: string }>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  const format = parseExportFormat(url.searchParams.get('format'));
  const { results } = await getComparison(actor, params.comparisonId);
  return exportResults(results, format, url.searchParams.get('cols')?.split(',').filter(Boolean));
});
