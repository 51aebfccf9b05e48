import { z } from 'zod';

export const adminUserPatchSchema = z.object({
  change: z.enum(['disable', 'enable', 'make_admin', 'remove_admin'], { error: 'change must be one of disable, enable, make_admin, remove_admin.' }),
});
