import { teamMembers } from '@/lib/auth/teams';
import { apiRoute, json } from '../../../_lib/handler';

export const GET = apiRoute<{ teamId: string }>(async ({ actor, params }) => {
  const { members } = await teamMembers(actor, params.teamId);
  return json({ members: members.map((m) => ({ userId: m.userId, email: m.email, name: m.name, role: m.role, joinedAt: m.joinedAt })) });
});
