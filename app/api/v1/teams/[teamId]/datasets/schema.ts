import { z } from 'zod';
import { datasetListRowSchema } from '@/lib/datasets/response-schemas';

export const datasetListResponseSchema = z.object({ datasets: z.array(datasetListRowSchema) });
