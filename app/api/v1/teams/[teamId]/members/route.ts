import { teamMembers } from '@/lib/auth/teams';
import { apiRoute, respond } from '../../../_lib/handler';
import { membersResponseSchema } from './schema';

export const GET = apiRoute<{ teamId: string }>(async ({ actor, params }) => {
  const { members } = await teamMembers(actor, params.teamId);
  return respond(membersResponseSchema, { members: members.map((m) => ({ userId: m.userId, email: m.email, name: m.name, role: m.role, joinedAt: m.joinedAt })) });
});
