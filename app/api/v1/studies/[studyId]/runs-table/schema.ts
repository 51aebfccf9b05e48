import { z } from 'zod';

/** ?group={key}: one group of the table (a key from the study page's group summaries); without it, every run. */
export const runsTableQuery = z.object({
  group: z.string().min(1, 'must name a group of the runs table').max(2000).optional(),
});
