import { sharedDistributions } from '@/lib/reviews/shared-parts';
import { distributionsRunId } from '@/lib/results/study-results-service';
import { runDistributionsSchema } from '@/lib/results/results-schema';
import { apiRoute, respond } from '../../../../_lib/handler';

/** Public (the token is the permission): loss and confidence histograms of one shown run, ?runId=shared-N. */
export const GET = apiRoute<{ token: string }>(async ({ req, params }) => respond(runDistributionsSchema, await sharedDistributions(params.token, distributionsRunId(new URL(req.url))), 200, { 'X-Robots-Tag': 'noindex' }));
