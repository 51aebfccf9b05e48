import { z } from 'zod';
import { roleSchema } from '@/lib/auth/teams';

export const changeRoleBodySchema = z.object({ role: roleSchema });

export const roleChangedResponseSchema = z.object({ userId: z.uuid(), role: roleSchema });
