import { acceptInvitation } from '@/lib/auth/teams';
import { apiRoute, json, readJson } from '../../_lib/handler';
import { acceptInvitationSchema } from './schema';

export const POST = apiRoute(async ({ req, actor }) => {
  const body = await readJson(req, acceptInvitationSchema);
  const joined = await acceptInvitation(actor, body.token);
  return json(joined, 200);
});
