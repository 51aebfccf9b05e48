import { z } from 'zod';

/** How many runs were cancelled. */
export const studyCancelledResponseSchema = z.object({ cancelled: z.number().int() });
