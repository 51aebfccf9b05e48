import { cancelRun } from '@/lib/studies/service';
import { runViewSchema } from '@/lib/studies/view-schemas';
import { runView } from '@/lib/studies/views';
import { apiRoute, respond } from '../../../_lib/handler';

export const POST = apiRoute<{ runId: string }>(async ({ actor, params }) => respond(runViewSchema, runView(await cancelRun(actor, params.runId), false)));
