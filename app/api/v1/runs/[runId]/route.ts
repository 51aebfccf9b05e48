import { runDetails } from '@/lib/studies/service';
import { runView } from '@/lib/studies/views';
import { apiRoute, respond } from '../../_lib/handler';
import { runDetailResponseSchema } from './schema';

/** One run with its metrics, manifest and log. */
export const GET = apiRoute<{ runId: string }>(async ({ actor, params }) => {
  const run = await runDetails(actor, params.runId);
  return respond(runDetailResponseSchema, { ...runView(run), studyId: run.studyId, manifest: run.manifest, log: run.log, inputHash: run.inputHash });
});
