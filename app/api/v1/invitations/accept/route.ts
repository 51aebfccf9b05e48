import { acceptInvitation } from '@/lib/auth/teams';
import { apiRoute, readJson, respond } from '../../_lib/handler';
import { acceptInvitationSchema, invitationAcceptedResponseSchema } from './schema';

export const POST = apiRoute(async ({ req, actor }) => {
  const body = await readJson(req, acceptInvitationSchema);
  const joined = await acceptInvitation(actor, body.token);
  return respond(invitationAcceptedResponseSchema, joined);
});
