import { z } from 'zod';
import { comparisonViewSchema, resultsDataSchema } from '@/lib/results/results-schema';

/** A saved comparison with its results (table, headline, chart data). */
export const comparisonWithResultsResponseSchema = z.object({ comparison: comparisonViewSchema, results: resultsDataSchema });
