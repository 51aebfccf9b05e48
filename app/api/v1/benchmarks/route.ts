import { benchmarkList } from '@/lib/benchmarks/service';
import { benchmarkListResponseSchema } from '@/lib/benchmarks/response-schemas';
import { apiRoute, respond } from '../_lib/handler';

/** Every published benchmark, for any signed-in user (and the withdrawn ones of the caller's teams). */
export const GET = apiRoute(async ({ actor }) => respond(benchmarkListResponseSchema, { benchmarks: await benchmarkList(actor) }));
