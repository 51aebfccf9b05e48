import { listMemberships } from '@/db/queries/teams';
import { requireActor } from '@/lib/auth/gate';
import { apiRoute, respond } from '../_lib/handler';
import { meResponseSchema } from './schema';

export const GET = apiRoute(async ({ actor }) => {
  const a = requireActor(actor);
  const teams = await listMemberships(a.id);
  return respond(meResponseSchema, {
    user: { id: a.id, email: a.email, name: a.name, isAdmin: a.isAdmin },
    teams: teams.map((t) => ({ id: t.teamId, name: t.teamName, role: t.role })),
  });
});
