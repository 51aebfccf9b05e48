import { getBenchmark, withdrawBenchmark } from '@/lib/benchmarks/service';
import { apiRoute, json } from '../../_lib/handler';

type Params = { benchmarkId: string };

/** The benchmark, its recipe and its leaderboard (any signed-in user while published). */
export const GET = apiRoute<Params>(async ({ actor, params }) => json({ benchmark: await getBenchmark(actor, params.benchmarkId) }));

/** Withdraw the benchmark (owners of its team; audited). The recipe itself can never be edited. */
export const DELETE = apiRoute<Params>(async ({ actor, params }) => json({ benchmark: await withdrawBenchmark(actor, params.benchmarkId) }));
