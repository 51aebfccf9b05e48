import { z } from 'zod';
import { runViewSchema } from '@/lib/studies/view-schemas';

/** The run put back in the queue and the runs that were waiting on it (without metrics). */
export const runsRetriedResponseSchema = z.object({ runs: z.array(runViewSchema) });
