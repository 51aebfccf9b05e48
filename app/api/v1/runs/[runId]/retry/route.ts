import { retryRun } from '@/lib/studies/service';
import { runView } from '@/lib/studies/views';
import { apiRoute, json } from '../../../_lib/handler';

/** Puts a failed or cancelled run (and the runs that were waiting on it) back in the queue. */
export const POST = apiRoute<{ runId: string }>(async ({ actor, params }) => json({ runs: (await retryRun(actor, params.runId)).map((r) => runView(r, false)) }));
