import { submitEntry } from '@/lib/benchmarks/service';
import { apiRoute, clientIp, json, readJson } from '../../../_lib/handler';
import { submitEntrySchema } from './schema';

/** Submit one of your team's external studies on the benchmark's scenario (owner, researcher of that team). */
export const POST = apiRoute<{ benchmarkId: string }>(async ({ req, actor, params }) => {
  const body = await readJson(req, submitEntrySchema);
  return json({ entry: await submitEntry(actor, params.benchmarkId, body.studyId, clientIp(req)) }, 201);
});
