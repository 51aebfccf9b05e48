import { z } from 'zod';
import { tokenNameSchema } from '@/lib/auth/api-tokens';

export const createTokenSchema = z.object({ name: tokenNameSchema });
