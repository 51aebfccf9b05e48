import { createExternalStudy } from '@/lib/studies/external-runs';
import { createStudy, teamStudies } from '@/lib/studies/service';
import { studyView } from '@/lib/studies/views';
import { apiRoute, readJsonBody, respond } from '../../../_lib/handler';
import { studyCreatedResponseSchema, studyListResponseSchema } from './schema';

type Params = { teamId: string };

export const GET = apiRoute<Params>(async ({ req, actor, params }) => {
  const search = new URL(req.url).searchParams;
  const studies = await teamStudies(actor, params.teamId, { scenarioId: search.get('scenarioId') ?? undefined, datasetId: search.get('datasetId') ?? undefined });
  return respond(studyListResponseSchema, { studies });
});

/**
 * Plans and launches a study: 201 with the study id and its runs (reused ones marked). With
 * `"external": true`, an external study instead: nothing is trained, runs are uploaded.
 */
export const POST = apiRoute<Params>(async ({ req, actor, params }) => {
  const body = await readJsonBody(req);
  if (typeof body === 'object' && body !== null && (body as { external?: unknown }).external === true) {
    return respond(studyCreatedResponseSchema, studyView(await createExternalStudy(actor, params.teamId, body), [], false), 201);
  }
  const { study, runs, plan } = await createStudy(actor, params.teamId, body);
  return respond(studyCreatedResponseSchema, { ...studyView(study, runs, false), plan }, 201);
});
