import { duplicateScenario } from '@/lib/datasets/scenarios';
import { AppError } from '@/lib/errors';
import { apiRoute, json, validationError } from '../../../_lib/handler';
import { duplicateScenarioSchema } from './schema';

/** Copies a scenario; the body (optional) may give the copy a name. */
export const POST = apiRoute<{ scenarioId: string }>(async ({ req, actor, params }) => {
  const text = await req.text();
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError('bad_request', 'The request body must be valid JSON.');
    }
  }
  const body = duplicateScenarioSchema.safeParse(raw);
  if (!body.success) throw validationError(body.error);
  return json(await duplicateScenario(actor, params.scenarioId, body.data.name), 201);
});
