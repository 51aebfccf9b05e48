import { inviteMember, inviteSchema, pendingInvitations } from '@/lib/auth/teams';
import { apiRoute, readJson, respond } from '../../../_lib/handler';
import { invitationCreatedResponseSchema, invitationsResponseSchema } from './schema';

type Params = { teamId: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => {
  const invitations = await pendingInvitations(actor, params.teamId);
  return respond(invitationsResponseSchema, { invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, open: i.open, expiresAt: i.expiresAt, createdAt: i.createdAt })) });
});

/** Creates an invite; the answer carries the single-use link, shown only this once. */
export const POST = apiRoute<Params>(async ({ req, actor, params }) => {
  const body = await readJson(req, inviteSchema);
  const { invitation, token } = await inviteMember(actor, params.teamId, body);
  const origin = new URL(req.url).origin;
  return respond(invitationCreatedResponseSchema, { id: invitation.id, email: invitation.email, role: invitation.role, open: invitation.open, expiresAt: invitation.expiresAt, token, url: `${origin}/invite/${token}` }, 201);
});
