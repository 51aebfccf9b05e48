/**
 * The one authorization gate. Pages, server actions and /api/v1 route handlers all call it;
 * only the way they obtain the Actor and render the error differs.
 * - no actor: 401
 * - not a member of the resource's team (and not an admin): 404, so another team's resources
 *   are indistinguishable from resources that do not exist
 * - a member whose role lacks the action: 403
 * - a site admin outside the team: the admin actions (permissions.ts) pass; any other action
 *   answers 403, since the admin can read the team and a 404 would be untrue
 */
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
