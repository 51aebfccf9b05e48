import { z } from 'zod';
import { versionSummarySchema } from '@/lib/datasets/response-schemas';

export const versionsResponseSchema = z.object({ versions: z.array(versionSummarySchema) });
