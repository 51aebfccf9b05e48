import { createApiToken, listTokens } from '@/lib/auth/api-tokens';
import { apiRoute, clientIp, json, readJson } from '../_lib/handler';
import { createTokenSchema } from './schema';

export const GET = apiRoute(async ({ actor }) => json({ tokens: await listTokens(actor) }));

export const POST = apiRoute(async ({ req, actor }) => {
  const body = await readJson(req, createTokenSchema);
  const created = await createApiToken(actor, body.name, clientIp(req));
  return json({ token: created.token, ...created.summary }, 201);
});
