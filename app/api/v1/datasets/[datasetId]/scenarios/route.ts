import { createScenario, datasetScenarios } from '@/lib/datasets/scenarios';
import { scenarioCreatedSchema } from '@/lib/datasets/response-schemas';
import { apiRoute, readJsonBody, respond } from '../../../_lib/handler';
import { SCENARIO_JSON_LIMIT } from '../../../_lib/request-body';
import { scenarioListResponseSchema } from './schema';

type Params = { datasetId: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => respond(scenarioListResponseSchema, { scenarios: await datasetScenarios(actor, params.datasetId) }));

/** Creates a scenario: 201 with its id, forget-set size and composition. */
export const POST = apiRoute<Params>(async ({ req, actor, params }) => respond(scenarioCreatedSchema, await createScenario(actor, params.datasetId, await readJsonBody(req, SCENARIO_JSON_LIMIT())), 201));
