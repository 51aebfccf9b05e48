import { z } from 'zod';
import { TEAM_ROLES } from '@/db/schema';

export const meResponseSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), isAdmin: z.boolean() }),
  teams: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(TEAM_ROLES) })),
});
