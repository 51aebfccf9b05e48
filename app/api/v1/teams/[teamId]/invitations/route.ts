import { inviteMember, inviteSchema, pendingInvitations } from '@/lib/auth/teams';
import { apiRoute, json, readJson } from '../../../_lib/handler';

type Params = { teamId: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => {
  const invitations = await pendingInvitations(actor, params.teamId);
  return json({ invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, open: i.open, expiresAt: i.expiresAt, createdAt: i.createdAt })) });
});

/** Creates an invite; the answer carries the single-use link, shown only this once. */
export const POST = apiRoute<Params>(async ({ req, actor, params }) => {
  const body = await readJson(req, inviteSchema);
  const { invitation, token } = await inviteMember(actor, params.teamId, body);
  const origin = new URL(req.url).origin;
  return json({ id: invitation.id, email: invitation.email, role: invitation.role, open: invitation.open, expiresAt: invitation.expiresAt, token, url: `${origin}/invite/${token}` }, 201);
});
