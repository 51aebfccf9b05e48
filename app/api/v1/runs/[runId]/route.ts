import { runDetails } from '@/lib/studies/service';
import { runView } from '@/lib/studies/views';
import { apiRoute, json } from '../../_lib/handler';

/** One run with its metrics, manifest and log. */
export const GET = apiRoute<{ runId: string }>(async ({ actor, params }) => {
  const run = await runDetails(actor, params.runId);
  return json({ ...runView(run), studyId: run.studyId, manifest: run.manifest, log: run.log, inputHash: run.inputHash });
});
