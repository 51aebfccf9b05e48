import { getScenario, removeScenario, updateScenario } from '@/lib/datasets/scenarios';
import { apiRoute, json, readJsonBody } from '../../_lib/handler';
import { SCENARIO_JSON_LIMIT } from '../../_lib/request-body';

type Params = { scenarioId: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => json(await getScenario(actor, params.scenarioId)));

/** Edits; a scenario a study uses is immutable, so the edit is saved as a new one (201, createdNew). */
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) => {
  const updated = await updateScenario(actor, params.scenarioId, await readJsonBody(req, SCENARIO_JSON_LIMIT()));
  return json(updated, updated.createdNew ? 201 : 200);
});

export const DELETE = apiRoute<Params>(async ({ actor, params }) => {
  await removeScenario(actor, params.scenarioId);
  return new Response(null, { status: 204 });
});
