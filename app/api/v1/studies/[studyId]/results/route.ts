import { studyResults } from '@/lib/results/study-results-service';
import { resultsDataSchema } from '@/lib/results/results-schema';
import { apiRoute, respond } from '../../../_lib/handler';

/** The study's results table (mean and 95% CI over seeds, value and gap to retrain), headline and chart data. */
export const GET = apiRoute<{ studyId: string }>(async ({ actor, params }) => {
  return respond(resultsDataSchema, await studyResults(actor, params.studyId));
});
