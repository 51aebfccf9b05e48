import { z } from 'zod';
import { runViewSchema, studyStatusSchema } from '@/lib/studies/view-schemas';

/** ?group={key}: one group of the table (a key from the study page's group summaries); without it, every run. */
export const runsTableQuery = z.object({
  group: z.string().min(1, 'must name a group of the runs table').max(2000).optional(),
});

const splitNumbers = z.object({ forget: z.number().optional(), retain: z.number().optional(), test: z.number().optional() });

/** The runs table (study-format.ts RunsTableJson): runs without metrics records, dependencies or reuse, and per run id the key metrics. */
export const runsTableResponseSchema = z.object({
  status: studyStatusSchema,
  runs: z.array(runViewSchema.omit({ metrics: true, dependsOn: true, reusedFromRunId: true })),
  /** Present for runs that have metrics or succeeded; null for a succeeded run without a stored record. */
  keyMetrics: z.record(
    z.string(),
    z.object({ accuracy: splitNumbers, accuracyGap: splitNumbers, averageGap: z.number().nullable(), miaAuc: z.number().nullable(), seconds: z.number().nullable(), speedup: z.number().nullable() }).nullable(),
  ),
});
