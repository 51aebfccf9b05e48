import { getBenchmark, withdrawBenchmark } from '@/lib/benchmarks/service';
import { benchmarkResponseSchema, benchmarkViewResponseSchema } from '@/lib/benchmarks/response-schemas';
import { apiRoute, respond } from '../../_lib/handler';

type Params = { benchmarkId: string };

/** The benchmark, its recipe and its leaderboard (any signed-in user while published). */
export const GET = apiRoute<Params>(async ({ actor, params }) => respond(benchmarkViewResponseSchema, { benchmark: await getBenchmark(actor, params.benchmarkId) }));

/** Withdraw the benchmark (owners of its team; audited). The recipe itself can never be edited. */
export const DELETE = apiRoute<Params>(async ({ actor, params }) => respond(benchmarkResponseSchema, { benchmark: await withdrawBenchmark(actor, params.benchmarkId) }));
