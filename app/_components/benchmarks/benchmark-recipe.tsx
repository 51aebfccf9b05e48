/** The fixed recipe of a benchmark, in words: seeds, the ranking criterion and its direction, the metrics shown. */
import type { BenchmarkRecipe } from '@/db/schema';
import { benchmarkMetric, directionWords } from '@/lib/benchmarks/recipe';

export function BenchmarkRecipeView({ recipe }: { recipe: BenchmarkRecipe }) {
  const criterion = benchmarkMetric(recipe.criterion.metric);
  return (
    <dl className="grid grid-cols-1 gap-y-2 text-sm sm:grid-cols-[10rem_minmax(0,1fr)]" data-testid="benchmark-recipe">
      <dt className="text-zinc-500">Seeds</dt>
      <dd className="tabular-nums">
        {recipe.seeds.join(', ')} ({recipe.seeds.length} seeds; every entry must have each one scored)
      </dd>
      <dt className="text-zinc-500">Ranked by</dt>
      <dd>
        {criterion?.label ?? recipe.criterion.metric}, {directionWords(recipe.criterion.direction)}
      </dd>
      <dt className="text-zinc-500">Shown</dt>
      <dd>{recipe.metrics.map((id) => benchmarkMetric(id)?.label ?? id).join(' · ')}</dd>
    </dl>
  );
}
