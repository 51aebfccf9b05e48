import { z } from 'zod';
import { teamNameSchema } from '@/lib/auth/teams';

export const createTeamSchema = z.object({ name: teamNameSchema });
