import { getScenario, removeScenario, updateScenario } from '@/lib/datasets/scenarios';
import { scenarioDetailSchema, scenarioUpdatedSchema } from '@/lib/datasets/response-schemas';
import { apiRoute, readJsonBody, respond } from '../../_lib/handler';
import { SCENARIO_JSON_LIMIT } from '../../_lib/request-body';

type Params = { scenarioId: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => respond(scenarioDetailSchema, await getScenario(actor, params.scenarioId)));

/** Edits; a scenario a study uses is immutable, so the edit is saved as a new one (201, createdNew). */
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) => {
  const updated = await updateScenario(actor, params.scenarioId, await readJsonBody(req, SCENARIO_JSON_LIMIT()));
  return respond(scenarioUpdatedSchema, updated, updated.createdNew ? 201 : 200);
});

export const DELETE = apiRoute<Params>(async ({ actor, params }) => {
  await removeScenario(actor, params.scenarioId);
  return new Response(null, { status: 204 });
});
