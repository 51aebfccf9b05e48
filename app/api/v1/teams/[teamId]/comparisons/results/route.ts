import { comparisonResults } from '@/lib/results/comparisons-service';
import { exportResults, parseExportFormat } from '@/lib/results/study-results-service';
import { parseSelection } from '@/lib/results/view-state';
import { apiRoute, json } from '../../../../_lib/handler';

/** Results of an unsaved selection: ?runs=id,id&baseline=id; with ?format=csv|json, as a file. */
export const GET = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  const selection = parseSelection(url.searchParams);
  const data = await comparisonResults(actor, params.teamId, { runIds: selection.runs, baselineRunId: selection.baseline });
  const format = url.searchParams.get('format');
  if (format !== null) return exportResults(data, parseExportFormat(format), url.searchParams.get('cols')?.split(',').filter(Boolean));
  return json(data);
});
