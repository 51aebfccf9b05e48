import { z } from 'zod';
import { studyPlanSchema, studyViewSchema } from '@/lib/studies/view-schemas';
import { isoDate } from '@/lib/wire';

export const studyListResponseSchema = z.object({
  studies: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      scenarioId: z.uuid(),
      datasetId: z.uuid(),
      datasetName: z.string(),
      scenarioName: z.string(),
      category: z.string(),
      createdAt: isoDate,
      finishedAt: isoDate.nullable(),
      reviewStatus: z.string(),
      runCount: z.number().int(),
      succeeded: z.number().int(),
      failed: z.number().int(),
      active: z.number().int(),
    }),
  ),
});

/** 201 of a launch: the study, its runs (without metrics) and the plan; an external study has no plan. */
export const studyCreatedResponseSchema = studyViewSchema.extend({ plan: studyPlanSchema.optional() });
