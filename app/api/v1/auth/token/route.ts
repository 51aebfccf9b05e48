import { verifyCredentials } from '@/lib/auth/accounts';
import { actorFromUser } from '@/lib/auth/actor';
import { createApiToken } from '@/lib/auth/api-tokens';
import { apiRoute, clientIp, readJson, respond } from '../../_lib/handler';
import { tokenCreatedResponseSchema } from '../../tokens/schema';
import { tokenRequestSchema } from './schema';

/** Exchanges email and password for a personal API token (for scripts). */
export const POST = apiRoute(async ({ req }) => {
  const body = await readJson(req, tokenRequestSchema);
  const ip = clientIp(req);
  const user = await verifyCredentials(body.email, body.password, ip);
  const created = await createApiToken(actorFromUser(user, 'token'), body.name ?? `API token ${new Date().toISOString().slice(0, 10)}`, ip);
  return respond(tokenCreatedResponseSchema, { token: created.token, ...created.summary }, 201);
});
