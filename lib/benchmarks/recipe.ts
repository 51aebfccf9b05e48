/**
 * A benchmark's evaluation recipe: the seeds every entry must have scored, the metrics its
 * leaderboard shows, and the one it ranks by with its direction. Only metrics the results
 * table (lib/results/aggregate) summarises with a 95% interval over seeds are offered, so every
 * number a leaderboard shows is the dashboard's number and comes with its interval. Forget
 * quality is not among them: it is one value per method over all seeds, without an interval.
 * Pure: the API, the publish form and the leaderboard share it.
 */
import { z } from 'zod';
import type { BenchmarkRecipe } from '@/db/schema';
import { AVERAGE_GAP_KEY } from '@/lib/results/catalogue';

/** Which way a criterion is better; the stored recipe's type (db/schema) spells the same two. */
export const BENCHMARK_DIRECTIONS = ['lower', 'higher'] as const satisfies ReadonlyArray<BenchmarkRecipe['criterion']['direction']>;

export type BenchmarkDirection = (typeof BENCHMARK_DIRECTIONS)[number];

export interface BenchmarkMetric {
  id: string;
  label: string;
  /** Which summary of the results row: the value over seeds, or the per-seed gap to the retrain of the same seed. */
  source: 'value' | 'gap';
  /** The results table's metric key (lib/results/catalogue). */
  key: string;
  /** The direction in which it is better; a criterion must rank that way. */
  better: BenchmarkDirection;
}

export const BENCHMARK_METRICS: readonly BenchmarkMetric[] = [
  { id: 'averageGap', label: 'Average gap to retrain', source: 'value', key: AVERAGE_GAP_KEY, better: 'lower' },
  { id: 'gap.accuracy.forget', label: 'Forget accuracy gap to retrain', source: 'gap', key: 'accuracy.forget', better: 'lower' },
  { id: 'gap.accuracy.retain', label: 'Retain accuracy gap to retrain', source: 'gap', key: 'accuracy.retain', better: 'lower' },
  { id: 'gap.accuracy.test', label: 'Test accuracy gap to retrain', source: 'gap', key: 'accuracy.test', better: 'lower' },
  { id: 'gap.mia.loss.auc', label: 'MIA AUC (loss) gap to retrain', source: 'gap', key: 'mia.loss.auc', better: 'lower' },
  { id: 'accuracy.test', label: 'Test accuracy', source: 'value', key: 'accuracy.test', better: 'higher' },
  { id: 'accuracy.retain', label: 'Retain accuracy', source: 'value', key: 'accuracy.retain', better: 'higher' },
];

const METRIC_IDS = BENCHMARK_METRICS.map((m) => m.id);

export function benchmarkMetric(id: string): BenchmarkMetric | undefined {
  return BENCHMARK_METRICS.find((m) => m.id === id);
}

export const MAX_BENCHMARK_SEEDS = 32;

const metricId = z.string().refine((id) => METRIC_IDS.includes(id), { error: (issue) => `Unknown metric "${String(issue.input)}". Metrics with an interval over seeds: ${METRIC_IDS.join(', ')}.` });

export const benchmarkRecipeSchema = z
  .object({
    seeds: z
      .array(z.number({ error: 'Each seed must be a number.' }).int('Seeds are whole numbers.').min(0, 'Seeds are 0 or more.').max(1_000_000, 'Seeds are at most 1,000,000.'), { error: 'seeds must be a list of seeds.' })
      // One seed has no interval, so nothing could be ranked honestly.
      .min(2, 'List at least 2 seeds: with one seed there is no interval to rank by.')
      .max(MAX_BENCHMARK_SEEDS, `At most ${MAX_BENCHMARK_SEEDS} seeds.`)
      .refine((s) => new Set(s).size === s.length, 'Each seed may appear once.'),
    metrics: z.array(metricId, { error: 'metrics must be a list of metric ids.' }).min(1, 'Show at least one metric.').max(METRIC_IDS.length),
    criterion: z.object(
      {
        metric: metricId,
        direction: z.enum(BENCHMARK_DIRECTIONS, { error: () => `direction must be ${BENCHMARK_DIRECTIONS.join(' or ')}.` }),
      },
      { error: 'criterion must be { metric, direction }.' },
    ),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (new Set(r.metrics).size !== r.metrics.length) ctx.addIssue({ code: 'custom', path: ['metrics'], message: 'Each metric may appear once.' });
    const m = benchmarkMetric(r.criterion.metric);
    // "Higher gap to retrain is better" would rank the worst method first: the direction must be the metric's own.
    if (m && m.better !== r.criterion.direction) {
      ctx.addIssue({ code: 'custom', path: ['criterion', 'direction'], message: `${m.label} is better ${m.better}; rank it "${m.better}".` });
    }
  });

export const publishBenchmarkSchema = z
  .object({
    scenarioId: z.string().uuid('scenarioId must be a scenario id.'),
    name: z.string().trim().min(1, 'Name the benchmark.').max(120, 'A benchmark name has at most 120 characters.'),
    description: z.string().trim().max(5000, 'A description has at most 5,000 characters.').default(''),
    recipe: benchmarkRecipeSchema,
  })
  .strict();

export type PublishBenchmarkInput = z.infer<typeof publishBenchmarkSchema>;

/** The recipe as stored: the criterion's metric is always among the metrics shown, first. */
export function normaliseRecipe(recipe: z.infer<typeof benchmarkRecipeSchema>): BenchmarkRecipe {
  const metrics = [recipe.criterion.metric, ...recipe.metrics.filter((m) => m !== recipe.criterion.metric)];
  return { seeds: [...recipe.seeds].sort((a, b) => a - b), metrics, criterion: recipe.criterion };
}

/** "lower is better" / "higher is better", for the pages. */
export function directionWords(direction: BenchmarkDirection): string {
  return direction === 'lower' ? 'lower is better' : 'higher is better';
}
