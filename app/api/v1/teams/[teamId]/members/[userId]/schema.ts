import { z } from 'zod';
import { roleSchema } from '@/lib/auth/teams';

export const changeRoleBodySchema = z.object({ role: roleSchema });
