import { benchmarkList } from '@/lib/benchmarks/service';
import { apiRoute, json } from '../_lib/handler';

/** Every published benchmark, for any signed-in user (and the withdrawn ones of the caller's teams). */
export const GET = apiRoute(async ({ actor }) => json({ benchmarks: await benchmarkList(actor) }));
