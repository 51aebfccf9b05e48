import { requireActor } from '@/lib/auth/gate';
import { methodCatalogue } from '@/lib/unlearning/registry';
import { apiRoute, json } from '../_lib/handler';

/** Every unlearning method: description, citation, config JSON schema and defaults. */
export const GET = apiRoute(async ({ actor }) => {
  requireActor(actor);
  return json({ methods: methodCatalogue() });
});
