import { retryRun } from '@/lib/studies/service';
import { runView } from '@/lib/studies/views';
import { apiRoute, respond } from '../../../_lib/handler';
import { runsRetriedResponseSchema } from './schema';

/** Puts a failed or cancelled run (and the runs that were waiting on it) back in the queue. */
export const POST = apiRoute<{ runId: string }>(async ({ actor, params }) => respond(runsRetriedResponseSchema, { runs: (await retryRun(actor, params.runId)).map((r) => runView(r, false)) }));
