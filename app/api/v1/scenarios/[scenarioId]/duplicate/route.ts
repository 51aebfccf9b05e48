import { duplicateScenario } from '@/lib/datasets/scenarios';
import { scenarioCreatedSchema } from '@/lib/datasets/response-schemas';
import { apiRoute, respond, validationError } from '../../../_lib/handler';
import { DEFAULT_JSON_LIMIT, readLimitedJson } from '../../../_lib/request-body';
import { duplicateScenarioSchema } from './schema';

/** Copies a scenario; the body (optional) may give the copy a name. */
export const POST = apiRoute<{ scenarioId: string }>(async ({ req, actor, params }) => {
  const raw = (await readLimitedJson(req, DEFAULT_JSON_LIMIT(), { optional: true })) ?? {};
  const body = duplicateScenarioSchema.safeParse(raw);
  if (!body.success) throw validationError(body.error);
  return respond(scenarioCreatedSchema, await duplicateScenario(actor, params.scenarioId, body.data.name), 201);
});
