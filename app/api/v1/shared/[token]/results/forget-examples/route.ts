import { sharedForgetExamples } from '@/lib/reviews/shared-parts';
import { forgetExamplesRequest } from '@/lib/results/study-results-service';
import { forgetExamplesSchema } from '@/lib/results/results-schema';
import { apiRoute, respond } from '../../../../_lib/handler';

/** Public (the token is the permission): forget-set rows with each shown model's prediction (?seed, ?limit ≤ 96, ?request). */
export const GET = apiRoute<{ token: string }>(async ({ req, params }) => respond(forgetExamplesSchema, await sharedForgetExamples(params.token, forgetExamplesRequest(new URL(req.url))), 200, { 'X-Robots-Tag': 'noindex' }));
