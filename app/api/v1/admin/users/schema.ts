import { z } from 'zod';
import { isoDate } from '@/lib/wire';

export const usersResponseSchema = z.object({
  users: z.array(z.object({ id: z.uuid(), email: z.string(), name: z.string(), isAdmin: z.boolean(), disabled: z.boolean(), createdAt: isoDate })),
});
