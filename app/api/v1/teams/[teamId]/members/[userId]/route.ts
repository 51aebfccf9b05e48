import { changeMemberRole, removeMember } from '@/lib/auth/teams';
import { apiRoute, readJson, respond } from '../../../../_lib/handler';
import { changeRoleBodySchema, roleChangedResponseSchema } from './schema';

type Params = { teamId: string; userId: string };

/** Changes a member's role (owners only). */
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) => {
  const body = await readJson(req, changeRoleBodySchema);
  await changeMemberRole(actor, params.teamId, { userId: params.userId, role: body.role });
  return respond(roleChangedResponseSchema, { userId: params.userId, role: body.role });
});

/** Removes a member (owners), or leaves the team (any member, for themselves). */
export const DELETE = apiRoute<Params>(async ({ actor, params }) => {
  await removeMember(actor, params.teamId, params.userId);
  return new Response(null, { status: 204 });
});
