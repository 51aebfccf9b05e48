import { z } from 'zod';
import { sharedViewSchema } from '@/lib/reviews/review-schemas';

export const sharedResponseSchema = z.object({ shared: sharedViewSchema });
