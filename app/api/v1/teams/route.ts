import { listMemberships } from '@/db/queries/teams';
import { requireActor } from '@/lib/auth/gate';
import { createTeam } from '@/lib/auth/teams';
import { apiRoute, readJson, respond } from '../_lib/handler';
import { createTeamSchema, teamListResponseSchema, teamWithRoleSchema } from './schema';

export const GET = apiRoute(async ({ actor }) => {
  const a = requireActor(actor);
  const teams = await listMemberships(a.id);
  return respond(teamListResponseSchema, { teams: teams.map((t) => ({ id: t.teamId, name: t.teamName, role: t.role })) });
});

export const POST = apiRoute(async ({ req, actor }) => {
  requireActor(actor);
  const body = await readJson(req, createTeamSchema);
  const team = await createTeam(actor, body.name);
  return respond(teamWithRoleSchema, { id: team.id, name: team.name, role: 'owner' }, 201);
});
