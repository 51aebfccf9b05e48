import { listMemberships } from '@/db/queries/teams';
import { requireActor } from '@/lib/auth/gate';
import { createTeam } from '@/lib/auth/teams';
import { apiRoute, json, readJson } from '../_lib/handler';
import { createTeamSchema } from './schema';

export const GET = apiRoute(async ({ actor }) => {
  const a = requireActor(actor);
  const teams = await listMemberships(a.id);
  return json({ teams: teams.map((t) => ({ id: t.teamId, name: t.teamName, role: t.role })) });
});

export const POST = apiRoute(async ({ req, actor }) => {
  requireActor(actor);
  const body = await readJson(req, createTeamSchema);
  const team = await createTeam(actor, body.name);
  return json({ id: team.id, name: team.name, role: 'owner' }, 201);
});
