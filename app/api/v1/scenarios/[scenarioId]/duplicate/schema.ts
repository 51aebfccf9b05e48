import { z } from 'zod';

export const duplicateScenarioSchema = z.object({ name: z.string().trim().max(120).optional() });
