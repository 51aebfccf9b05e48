import { z } from 'zod';

export const adminUserPatchSchema = z.object({
  change: z.enum(['disable', 'enable', 'make_admin', 'remove_admin'], { error: 'change must be one of disable, enable, make_admin, remove_admin.' }),
});

export const userChangedResponseSchema = z.object({ id: z.uuid(), email: z.string(), isAdmin: z.boolean(), disabled: z.boolean() });
