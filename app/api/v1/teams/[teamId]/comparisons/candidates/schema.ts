import { z } from 'zod';
import { SCENARIO_CATEGORIES } from '@/db/schema';
import { runIdentityFields } from '@/lib/studies/view-schemas';
import { isoDate } from '@/lib/wire';

/** Every run of the team's studies on one dataset, with its study, for the run picker. */
export const candidatesResponseSchema = z.object({
  dataset: z.object({ id: z.uuid(), name: z.string() }),
  runs: z.array(
    z.object({
      ...runIdentityFields,
      studyId: z.uuid(),
      studyName: z.string(),
      studyCreatedAt: isoDate,
      scenarioName: z.string(),
      category: z.enum(SCENARIO_CATEGORIES),
    }),
  ),
});
