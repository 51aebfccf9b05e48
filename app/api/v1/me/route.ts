import { listMemberships } from '@/db/queries/teams';
import { requireActor } from '@/lib/auth/gate';
import { apiRoute, json } from '../_lib/handler';

export const GET = apiRoute(async ({ actor }) => {
  const a = requireActor(actor);
  const teams = await listMemberships(a.id);
  return json({
    user: { id: a.id, email: a.email, name: a.name, isAdmin: a.isAdmin },
    teams: teams.map((t) => ({ id: t.teamId, name: t.teamName, role: t.role })),
  });
});
