import { publishBenchmark } from '@/lib/benchmarks/service';
import { benchmarkResponseSchema } from '@/lib/benchmarks/response-schemas';
import { apiRoute, readJsonBody, respond } from '../../../_lib/handler';

/** Publish one of the team's scenarios as a benchmark with a fixed recipe (owners; validated by lib/benchmarks/recipe publishBenchmarkSchema). */
export const POST = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => respond(benchmarkResponseSchema, { benchmark: await publishBenchmark(actor, params.teamId, await readJsonBody(req)) }, 201));
