import { comparisonCandidates } from '@/lib/results/comparisons-service';
import { AppError } from '@/lib/errors';
import { apiRoute, respond } from '../../../../_lib/handler';
import { candidatesResponseSchema } from './schema';

/** Runs a comparison can choose from: every run of the team's studies on ?datasetId. */
export const GET = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => {
  const datasetId = new URL(req.url).searchParams.get('datasetId');
  if (!datasetId) throw new AppError('validation', 'datasetId: required.', { field: 'datasetId' });
  return respond(candidatesResponseSchema, await comparisonCandidates(actor, params.teamId, datasetId));
});
