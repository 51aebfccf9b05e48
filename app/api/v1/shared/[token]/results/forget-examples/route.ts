import { sharedForgetExamples } from '@/lib/reviews/shared-parts';
import { forgetExamplesRequest } from '@/lib/results/study-results-service';
import { apiRoute, json } from '../../../../_lib/handler';

/** Public (the token is the permission): forget-set rows with each shown model's prediction (?seed, ?limit ≤ 96, ?request). */
export const GET = apiRoute<{ token: string }>(async ({ req, params }) => json(await sharedForgetExamples(params.token, forgetExamplesRequest(new URL(req.url))), 200, { 'X-Robots-Tag': 'noindex' }));
