import { z } from 'zod';
import { RUN_KINDS, SCENARIO_CATEGORIES } from '@/db/schema';
import { runStatusSchema } from '@/lib/studies/view-schemas';
import { isoDate, jsonObject } from '@/lib/wire';

/** Every run of the team's studies on one dataset, with its study, for the run picker. */
export const candidatesResponseSchema = z.object({
  dataset: z.object({ id: z.uuid(), name: z.string() }),
  runs: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(RUN_KINDS),
      variant: z.string(),
      methodId: z.string().nullable(),
      methodConfig: jsonObject.nullable(),
      seed: z.number().int(),
      requestIndex: z.number().int(),
      status: runStatusSchema,
      studyId: z.uuid(),
      studyName: z.string(),
      studyCreatedAt: isoDate,
      scenarioName: z.string(),
      category: z.enum(SCENARIO_CATEGORIES),
    }),
  ),
});
