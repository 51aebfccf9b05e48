import { createScenario, datasetScenarios } from '@/lib/datasets/scenarios';
import { apiRoute, json, readJsonBody } from '../../../_lib/handler';
import { SCENARIO_JSON_LIMIT } from '../../../_lib/request-body';

type Params = { datasetId: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => json({ scenarios: await datasetScenarios(actor, params.datasetId) }));

/** Creates a scenario: 201 with its id, forget-set size and composition. */
export const POST = apiRoute<Params>(async ({ req, actor, params }) => json(await createScenario(actor, params.datasetId, await readJsonBody(req, SCENARIO_JSON_LIMIT())), 201));
