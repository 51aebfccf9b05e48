import { comparisonResults } from '@/lib/results/comparisons-service';
import { exportRequest, exportResults } from '@/lib/results/study-results-service';
import { resultsDataSchema } from '@/lib/results/results-schema';
import { parseSelection } from '@/lib/results/view-state';
import { apiRoute, respond } from '../../../../_lib/handler';

/** Results of an unsaved selection: ?runs=id,id&baseline=id; with ?format=csv|json (and ?rows=seeds), as a file. */
export const GET = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  const selection = parseSelection(url.searchParams);
  const file = url.searchParams.has('format') ? exportRequest(url) : null;
  const data = await comparisonResults(actor, params.teamId, { runIds: selection.runs, baselineRunId: selection.baseline, perSeed: file !== null });
  return file ? exportResults(data, file.format, file.columns, file.rows) : respond(resultsDataSchema, data);
});
