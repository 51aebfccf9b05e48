import { exportRequest, exportResults, studyResults } from '@/lib/results/study-results-service';
import { apiRoute } from '../../../_lib/handler';

/** The results as a file: ?format=csv (default) or json, ?rows=seeds for one line per run, ?cols=a,b to limit the metrics of the means. */
export const GET = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const { format, rows, columns } = exportRequest(new URL(req.url));
  return exportResults(await studyResults(actor, params.studyId, { perSeed: true }), format, columns, rows);
});
