import { createApiToken, listTokens } from '@/lib/auth/api-tokens';
import { apiRoute, clientIp, readJson, respond } from '../_lib/handler';
import { createTokenSchema, tokenCreatedResponseSchema, tokenListResponseSchema } from './schema';

export const GET = apiRoute(async ({ actor }) => respond(tokenListResponseSchema, { tokens: await listTokens(actor) }));

export const POST = apiRoute(async ({ req, actor }) => {
  const body = await readJson(req, createTokenSchema);
  const created = await createApiToken(actor, body.name, clientIp(req));
  return respond(tokenCreatedResponseSchema, { token: created.token, ...created.summary }, 201);
});
