import { exportResults, parseExportFormat, studyResults } from '@/lib/results/study-results-service';
import { apiRoute } from '../../../_lib/handler';

/** The results table as a file: ?format=csv (default) or json, ?cols=a,b to limit the metrics. */
export const GET = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  const format = parseExportFormat(url.searchParams.get('format'));
  const cols = url.searchParams.get('cols')?.split(',').filter(Boolean);
  return exportResults(await studyResults(actor, params.studyId), format, cols);
});
