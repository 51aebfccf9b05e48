/**
 * Who may do what: the permission table, pure so the README, the UI and the gate share it.
 * A team role grants actions within its team; a site admin gets the admin actions everywhere.
 */
import type { TeamRole } from '@/db/schema';

export const TEAM_ACTIONS = {
  'team.read': 'Read everything in the team: datasets, scenarios, studies, results',
  'team.comment': 'Comment on studies, runs and comparisons; set review status',
  'team.write': 'Create and change datasets, scenarios and studies',
  'team.run': 'Launch, cancel and retry jobs',
  'team.share': 'Create and revoke share links',
  'team.manage': 'Invite members, change roles, remove members',
  'team.audit': "Read the team's audit log",
  'team.publish': "Publish the team's scenarios as benchmarks, and withdraw them",
  'team.verify': "Mark entries of the team's benchmarks verified or unverified",
} as const;

export type TeamAction = keyof typeof TEAM_ACTIONS;

const ROLE_ACTIONS: Record<TeamRole, readonly TeamAction[]> = {
  owner: ['team.read', 'team.comment', 'team.write', 'team.run', 'team.share', 'team.manage', 'team.audit', 'team.publish', 'team.verify'],
  researcher: ['team.read', 'team.comment', 'team.write', 'team.run', 'team.share'],
  // Checking a benchmark entry is review work, so reviewers verify too.
  reviewer: ['team.read', 'team.comment', 'team.verify'],
};

/**
 * What a site admin may do in a team they are not a member of: read it, and manage its data
 * (datasets) and audit log. Admins do not launch work or manage members of other teams.
 */
const ADMIN_TEAM_ACTIONS: readonly TeamAction[] = ['team.read', 'team.write', 'team.audit'];

export function roleCan(role: TeamRole, action: TeamAction): boolean {
  return ROLE_ACTIONS[role].includes(action);
}

export function adminCan(action: TeamAction): boolean {
  return ADMIN_TEAM_ACTIONS.includes(action);
}

export function actionsOf(role: TeamRole): readonly TeamAction[] {
  return ROLE_ACTIONS[role];
}

export const ROLE_DESCRIPTIONS: Record<TeamRole, string> = {
  owner: 'Manages members and roles, publishes benchmarks, and everything a researcher does',
  researcher: 'Creates and changes datasets, scenarios and studies; launches and cancels jobs',
  reviewer: "Reads everything in the team, comments, and verifies entries of the team's benchmarks",
};
