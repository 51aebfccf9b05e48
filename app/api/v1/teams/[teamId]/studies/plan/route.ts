import { planStudyFor } from '@/lib/studies/service';
import { studyPlanSchema } from '@/lib/studies/view-schemas';
import { apiRoute, readJsonBody, respond } from '../../../../_lib/handler';

/** What a study would create (runs by kind, reused ones) and how long it would take on the current workers; nothing is stored. */
export const POST = apiRoute<{ teamId: string }>(async ({ req, actor, params }) => respond(studyPlanSchema, await planStudyFor(actor, params.teamId, await readJsonBody(req))));
