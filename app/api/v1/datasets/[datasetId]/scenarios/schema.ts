import { z } from 'zod';
import { scenarioViewSchema } from '@/lib/datasets/response-schemas';

export const scenarioListResponseSchema = z.object({ scenarios: z.array(scenarioViewSchema) });
