import { runDistributions } from '@/lib/results/study-results-service';
import { AppError } from '@/lib/errors';
import { apiRoute, json } from '../../../../_lib/handler';

/** Loss and confidence histograms of one run on forget, retain and test (from its per-example artifact). */
export const GET = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const runId = new URL(req.url).searchParams.get('runId');
  if (!runId) throw new AppError('validation', 'runId: required.', { field: 'runId' });
  return json(await runDistributions(actor, params.studyId, runId));
});
