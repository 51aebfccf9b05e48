import { z } from 'zod';
import { emailSchema } from '@/lib/auth/credentials';
import { tokenNameSchema } from '@/lib/auth/api-tokens';

export const tokenRequestSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Password is required.'),
  name: tokenNameSchema.optional(),
});
