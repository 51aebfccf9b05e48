import { cancelRun } from '@/lib/studies/service';
import { runView } from '@/lib/studies/views';
import { apiRoute, json } from '../../../_lib/handler';

export const POST = apiRoute<{ runId: string }>(async ({ actor, params }) => json(runView(await cancelRun(actor, params.runId), false)));
