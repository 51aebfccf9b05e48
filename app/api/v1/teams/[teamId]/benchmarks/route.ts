import { publishBenchmark } from '@/lib/benchmarks/service';
import { apiRoute, json, readJsonBody } from '../../../_lib/handler';

/** Publish one of the team's scenarios as a benchmark with a fixed recipe (owners; validated by lib/benchmarks/recipe publishBenchmarkSchema). */
export const POST = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => json({ benchmark: await publishBenchmark(actor, params.teamId, await readJsonBody(req)) }, 201));
