import { z } from 'zod';
import { TEAM_ROLES } from '@/db/schema';
import { isoDate } from '@/lib/wire';

export const membersResponseSchema = z.object({
  members: z.array(z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role: z.enum(TEAM_ROLES), joinedAt: isoDate })),
});
