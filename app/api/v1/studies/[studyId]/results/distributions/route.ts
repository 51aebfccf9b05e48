import { distributionsRunId, runDistributions } from '@/lib/results/study-results-service';
import { runDistributionsSchema } from '@/lib/results/results-schema';
import { apiRoute, respond } from '../../../../_lib/handler';

/** Loss and confidence histograms of one run (?runId) on forget, retain and test (from its per-example artifact). */
export const GET = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => respond(runDistributionsSchema, await runDistributions(actor, params.studyId, distributionsRunId(new URL(req.url)))));
