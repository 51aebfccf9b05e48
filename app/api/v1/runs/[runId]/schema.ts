import { z } from 'zod';
import { runViewSchema } from '@/lib/studies/view-schemas';
import { isoDate, jsonObject } from '@/lib/wire';

/** One run with its metrics record, manifest (versions, backend, seeds, configs, hashes, worker, phase times) and log. */
export const runDetailResponseSchema = runViewSchema.extend({
  studyId: z.uuid(),
  manifest: jsonObject.nullable(),
  log: z.array(z.object({ at: isoDate, message: z.string() })),
  inputHash: z.string(),
});
