import { previewScenarioFor } from '@/lib/datasets/scenarios';
import { apiRoute, json, readJsonBody } from '../../../../_lib/handler';

/** The builder's live preview: the same validation and resolution as saving, nothing stored. */
export const POST = apiRoute<{ datasetId: string }>(async ({ req, actor, params }) => json(await previewScenarioFor(actor, params.datasetId, await readJsonBody(req))));
