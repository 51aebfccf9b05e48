/**
 * The one authorization gate. Pages, server actions and /api/v1 route handlers all call it;
 * only the way they obtain the Actor and render the error differs.
 * - no actor: 401
 * - not a member of the resource's team (and not an admin): 404, so another team's resources
 *   are indistinguishable from resources that do not exist
 * - a member whose role lacks the action: 403
 * - a site admin outside the team: the admin actions (permissions.ts) pass; any other action
 *   answers 403, since the admin can read the team and a 404 would be untrue
 * - a published benchmark, and the scenario it publishes (its page data and package), are
 *   readable by every signed-in user; withdrawn, they are their team's again (and the scenario
 *   stays readable to teams that built a study on it meanwhile, so their study pages work)
 */
import { publishedBenchmarksOfScenario, userHasStudyOnScenario } from '@/db/queries/benchmarks';
import { findMembership } from '@/db/queries/teams';
import type { TeamRole } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { Actor } from './actor';
import { adminCan, roleCan, type TeamAction } from './permissions';

export interface TeamAccess {
  actor: Actor;
  teamId: string;
  teamName: string;
  /** The member's role, or null for an admin acting outside their own teams. */
  role: TeamRole | null;
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('unauthorized', 'Sign in, or send an API token as "Authorization: Bearer <token>".');
  return actor;
}

export function requireAdmin(actor: Actor | null): Actor {
  const a = requireActor(actor);
  if (!a.isAdmin) throw new AppError('forbidden', 'Only site admins may do this.');
  return a;
}

/**
 * Checks `action` in team `teamId`. `what` names the resource for the 404 message
 * (e.g. "Dataset"), so a resource of another team answers exactly like a missing one.
 */
export async function authorizeTeam(actor: Actor | null, teamId: string, action: TeamAction, what = 'Team'): Promise<TeamAccess> {
  const a = requireActor(actor);
  const membership = isUuid(teamId) ? await findMembership(teamId, a.id) : undefined;
  if (!membership) {
    if (a.isAdmin) {
      const { findTeam } = await import('@/db/queries/teams');
      const team = isUuid(teamId) ? await findTeam(teamId) : undefined;
      if (team && adminCan(action)) return { actor: a, teamId, teamName: team.name, role: null };
      if (team) {
        throw new AppError('forbidden', `Site admins who are not members of ${team.name} may read it but not do this; ask one of its owners.`, { action });
      }
    }
    throw new AppError('not_found', `${what} was not found.`);
  }
  if (!roleCan(membership.role, action)) {
    throw new AppError('forbidden', `Your role in ${membership.teamName} (${membership.role}) does not allow this.`, {
      role: membership.role,
      action,
    });
  }
  return { actor: a, teamId, teamName: membership.teamName, role: membership.role };
}

/**
 * Reading a benchmark: every signed-in user while it is published; once withdrawn, only its
 * team (others get the 404 of a benchmark that does not exist). Null: a reader from outside.
 */
export async function authorizeBenchmarkRead(actor: Actor | null, benchmark: { teamId: string; withdrawnAt: Date | null }): Promise<TeamAccess | null> {
  const a = requireActor(actor);
  if (!benchmark.withdrawnAt) {
    const membership = await findMembership(benchmark.teamId, a.id);
    return membership ? { actor: a, teamId: benchmark.teamId, teamName: membership.teamName, role: membership.role } : null;
  }
  return authorizeTeam(a, benchmark.teamId, 'team.read', 'Benchmark');
}

/**
 * Reading a scenario (its data for a page, its package): its team, as for everything of a
 * team, any signed-in user while a benchmark publishes it, and a member of a team that built a
 * study on it while it was published. Null: a reader from outside.
 */
export async function authorizeScenarioRead(actor: Actor | null, scenario: { id: string; teamId: string }): Promise<TeamAccess | null> {
  const a = requireActor(actor);
  try {
    return await authorizeTeam(a, scenario.teamId, 'team.read', 'Scenario');
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') {
      if ((await publishedBenchmarksOfScenario(scenario.id)).length > 0 || (await userHasStudyOnScenario(a.id, scenario.id))) return null;
    }
    throw err;
  }
}

/**
 * An action on something every signed-in user can see (a published benchmark, an entry on its
 * leaderboard) that only one team may take: a non-member gets 403 with `who`, not the 404 of
 * something hidden, since they can read it. Members are checked by role as always.
 */
export async function authorizeVisibleTeamAction(actor: Actor | null, teamId: string, action: TeamAction, who: string): Promise<TeamAccess> {
  const a = requireActor(actor);
  try {
    return await authorizeTeam(a, teamId, action);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('forbidden', who, { action });
    throw err;
  }
}

/**
 * A study of one team on another team's scenario: allowed only while a benchmark publishes the
 * scenario (that is how a group enters a benchmark); otherwise the scenario is not found.
 */
export async function authorizeForeignScenarioUse(actor: Actor | null, scenario: { id: string }): Promise<void> {
  requireActor(actor);
  if ((await publishedBenchmarksOfScenario(scenario.id)).length === 0) throw new AppError('not_found', 'Scenario was not found.', { field: 'scenarioId' });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
