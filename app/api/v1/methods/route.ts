import { requireActor } from '@/lib/auth/gate';
import { methodCatalogue } from '@/lib/unlearning/registry';
import { apiRoute, respond } from '../_lib/handler';
import { methodsResponseSchema } from './schema';

/** Every unlearning method: description, citation, config JSON schema and defaults. */
export const GET = apiRoute(async ({ actor }) => {
  requireActor(actor);
  return respond(methodsResponseSchema, { methods: methodCatalogue() });
});
