import { z } from 'zod';
import { isoDate } from '@/lib/wire';

export const comparisonListResponseSchema = z.object({
  comparisons: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      datasetId: z.uuid(),
      datasetName: z.string(),
      runCount: z.number().int(),
      baselineRunId: z.uuid().nullable(),
      createdBy: z.uuid().nullable(),
      createdByName: z.string().nullable(),
      createdAt: isoDate,
      updatedAt: isoDate,
    }),
  ),
});
