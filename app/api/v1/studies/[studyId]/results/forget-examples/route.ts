import { forgetExamples, forgetExamplesRequest } from '@/lib/results/study-results-service';
import { forgetExamplesSchema } from '@/lib/results/results-schema';
import { apiRoute, respond } from '../../../../_lib/handler';

/** A sample of forget-set rows with each model's prediction for one seed (?seed, ?limit ≤ 96, ?request). */
export const GET = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => respond(forgetExamplesSchema, await forgetExamples(actor, params.studyId, forgetExamplesRequest(new URL(req.url)))));
