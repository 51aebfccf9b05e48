/**
 * Benchmarks of this installation: every published one, for every signed-in user (and the
 * withdrawn ones of the viewer's teams, marked). Each names its team, scenario, recipe and
 * entries; an empty list says how one comes to exist.
 */
import Link from 'next/link';
import { Badge, Card, EmptyState, formatDate, PageHeader } from '@/app/_components/ui/ui';
import { orPageError, pageActor } from '@/app/_lib/page-gate';
import { benchmarkMetric, directionWords } from '@/lib/benchmarks/recipe';
import { benchmarkList } from '@/lib/benchmarks/service';

export const metadata = { title: 'Benchmarks' };

export default async function BenchmarksPage() {
  const actor = await pageActor();
  const benchmarks = await orPageError(benchmarkList(actor));
  return (
    <>
      <PageHeader
        title="Benchmarks"
        description="Scenarios published with a fixed evaluation recipe. Download a benchmark's package, train your method anywhere, upload its outputs to an external study of your team and submit it to the leaderboard."
      />
      {benchmarks.length === 0 ? (
        <EmptyState title="No benchmark has been published yet">
          A team owner publishes one from a scenario&apos;s page (&ldquo;Publish as benchmark&rdquo;), with the seeds, metrics and ranking criterion every entry is measured by.
        </EmptyState>
      ) : (
        <ul className="space-y-4" data-testid="benchmark-list">
          {benchmarks.map((b) => {
            const criterion = benchmarkMetric(b.recipe.criterion.metric);
            return (
              <li key={b.id}>
                <Card>
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/benchmarks/${b.id}`} className="min-w-0 break-words text-base font-semibold text-brand-700 hover:underline dark:text-blue-300">
                      {b.name}
                    </Link>
                    <Badge>{b.scenario.category}</Badge>
                    {b.withdrawnAt ? <Badge tone="amber">withdrawn {formatDate(b.withdrawnAt)}</Badge> : null}
                  </div>
                  <p className="mt-1 break-words text-sm text-zinc-600 dark:text-zinc-400">
                    By {b.teamName} · {b.scenario.name} on {b.scenario.datasetName} v{b.scenario.datasetVersion} · published {formatDate(b.publishedAt)}
                  </p>
                  <p className="mt-1 text-sm">
                    Ranked by {criterion?.label ?? b.recipe.criterion.metric} ({directionWords(b.recipe.criterion.direction)}) over {b.recipe.seeds.length} seeds ·{' '}
                    {b.entries === 0 ? 'no entries yet' : `${b.entries} entr${b.entries === 1 ? 'y' : 'ies'}`}
                  </p>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
