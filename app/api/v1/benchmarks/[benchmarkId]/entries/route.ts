import { submitEntry } from '@/lib/benchmarks/service';
import { entrySubmittedResponseSchema } from '@/lib/benchmarks/response-schemas';
import { apiRoute, clientIp, readJson, respond } from '../../../_lib/handler';
import { submitEntrySchema } from './schema';

/** Submit one of your team's external studies on the benchmark's scenario (owner, researcher of that team). */
export const POST = apiRoute<{ benchmarkId: string }>(async ({ req, actor, params }) => {
  const body = await readJson(req, submitEntrySchema);
  return respond(entrySubmittedResponseSchema, { entry: await submitEntry(actor, params.benchmarkId, body.studyId, clientIp(req)) }, 201);
});
