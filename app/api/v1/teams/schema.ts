import { z } from 'zod';
import { TEAM_ROLES } from '@/db/schema';
import { teamNameSchema } from '@/lib/auth/teams';

export const createTeamSchema = z.object({ name: teamNameSchema });

/** A team with the caller's role in it. */
export const teamWithRoleSchema = z.object({ id: z.uuid(), name: z.string(), role: z.enum(TEAM_ROLES) });

export const teamListResponseSchema = z.object({ teams: z.array(teamWithRoleSchema) });
