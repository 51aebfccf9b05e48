import { previewScenarioFor } from '@/lib/datasets/scenarios';
import { scenarioPreviewSchema } from '@/lib/datasets/response-schemas';
import { apiRoute, readJsonBody, respond } from '../../../../_lib/handler';
import { SCENARIO_JSON_LIMIT } from '../../../../_lib/request-body';

/** The builder's live preview: the same validation and resolution as saving, nothing stored. */
export const POST = apiRoute<{ datasetId: string }>(async ({ req, actor, params }) => respond(scenarioPreviewSchema, await previewScenarioFor(actor, params.datasetId, await readJsonBody(req, SCENARIO_JSON_LIMIT()))));
