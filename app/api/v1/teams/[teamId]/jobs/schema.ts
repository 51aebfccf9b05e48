import { z } from 'zod';
import { runIdentityFields } from '@/lib/studies/view-schemas';
import { isoDate } from '@/lib/wire';

/** The team's runs across studies, most recently changed first (at most 200), and the workers seen in the last minute. */
export const jobsResponseSchema = z.object({
  runs: z.array(
    z.object({
      ...runIdentityFields,
      studyId: z.uuid(),
      studyName: z.string(),
      phase: z.string(),
      progress: z.number(),
      workerId: z.string().nullable(),
      queuedAt: isoDate.nullable(),
      startedAt: isoDate.nullable(),
      finishedAt: isoDate.nullable(),
      error: z.string().nullable(),
      reusedFromRunId: z.uuid().nullable(),
    }),
  ),
  workers: z.array(z.object({ id: z.string(), host: z.string(), pid: z.number().int(), concurrency: z.number().int(), backend: z.string().nullable(), startedAt: isoDate, lastSeenAt: isoDate })),
});
