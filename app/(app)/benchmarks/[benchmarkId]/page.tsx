/**
 * One benchmark: its recipe, the scenario package with how to load it, the leaderboard (verify
 * buttons for the publishing team's owners and reviewers, withdraw for each entry's team), and
 * how to enter: submit one of your studies on its scenario, or create an external study first.
 */
import { ShareSection } from '@/app/_components/reviews/review-sections';
import { BenchmarkRecipeView } from '@/app/_components/benchmarks/benchmark-recipe';
import { EntryActions } from '@/app/_components/benchmarks/entry-actions';
import { LeaderboardView } from '@/app/_components/benchmarks/leaderboard';
import { NewExternalStudy } from '@/app/_components/benchmarks/new-external-study';
import { SubmitEntryForm } from '@/app/_components/benchmarks/submit-entry-form';
import { WithdrawBenchmarkButton } from '@/app/_components/benchmarks/withdraw-benchmark-button';
import { ScenarioPackageCard } from '@/app/_components/scenarios/scenario-package-card';
import { Badge, Card, EmptyState, formatDate, PageHeader } from '@/app/_components/ui/ui';
import { orPageError, pageActor } from '@/app/_lib/page-gate';
import { entryOptions, getBenchmark } from '@/lib/benchmarks/service';

export const metadata = { title: 'Benchmark' };

export default async function BenchmarkPage({ params }: { params: Promise<{ benchmarkId: string }> }) {
  const { benchmarkId } = await params;
  const actor = await pageActor();
  const b = await orPageError(getBenchmark(actor, benchmarkId));
  const options = await orPageError(entryOptions(actor, benchmarkId));
  const withdrawn = b.withdrawnAt !== null;
  return (
    <>
      <PageHeader
        title={b.name}
        description={b.description || undefined}
        actions={b.viewer.canWithdraw ? <WithdrawBenchmarkButton benchmarkId={b.id} name={b.name} /> : undefined}
      />
      {withdrawn ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="benchmark-withdrawn">
          <Badge tone="amber">withdrawn</Badge> Withdrawn {formatDate(b.withdrawnAt)}: only {b.teamName} sees it, and it takes no entries.
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Card title="Recipe" description={`Published by ${b.teamName} on ${formatDate(b.publishedAt)}. Fixed: it cannot be edited.`}>
          <BenchmarkRecipeView recipe={b.recipe} />
          <dl className="mt-3 grid grid-cols-1 gap-y-2 border-t border-zinc-100 pt-3 text-sm sm:grid-cols-[10rem_minmax(0,1fr)] dark:border-zinc-800">
            <dt className="text-zinc-500">Scenario</dt>
            <dd className="break-words">
              {b.scenario.name} <Badge>{b.scenario.category}</Badge>
            </dd>
            <dt className="text-zinc-500">Data</dt>
            <dd className="break-words">
              {b.scenario.datasetName} v{b.scenario.datasetVersion}: forgets {b.scenario.forgetCount} of {b.scenario.trainCount} training rows
              {b.scenario.requests > 1 ? ` in ${b.scenario.requests} requests (ranked at the last)` : ''}
            </dd>
          </dl>
        </Card>
        <ScenarioPackageCard scenarioId={b.scenario.id} sequential={b.scenario.requests > 1} />
      </div>
      <div className="mt-6">
        <Card title="Leaderboard" description={`${b.leaderboard.criterion.label}, ${b.leaderboard.criterion.direction} is better: mean and 95% interval over the recipe's seeds.`}>
          <LeaderboardView
            leaderboard={b.leaderboard}
            actions={(line) => <EntryActions benchmarkId={b.id} entryId={line.entryId} verified={line.verified} canVerify={b.viewer.canVerify} canWithdraw={line.mine} label={`${line.teamName}: ${line.method}`} />}
            empty={
              <EmptyState title="No entries yet">
                {withdrawn
                  ? 'This benchmark was withdrawn before anyone entered.'
                  : 'Download the package, train your method on it for each of the recipe’s seeds (with a retrain as its reference), upload the outputs to an external study of your team, then submit that study below.'}
              </EmptyState>
            }
          />
        </Card>
      </div>
      {withdrawn ? null : (
        <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <Card title="Submit a study" description="Your study stays your team’s: its entry links to a read-only share page of its dashboard (a share link your team sees and can revoke; withdrawing the entry revokes it).">
            {/* A live region that stays: when a submit re-renders the page without the form (no study left to submit), the sentence that replaces it is announced. */}
            <div aria-live="polite">
              {options.studies.length ? (
                <SubmitEntryForm benchmarkId={b.id} studies={options.studies.map((s) => ({ id: s.id, name: s.name, teamName: s.teamName, external: s.external }))} />
              ) : (
                <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-entry-studies">
                  {!options.teams.length
                    ? 'Only owners and researchers of a team can create and submit studies; ask one of yours.'
                    : options.entered
                      ? `Your teams' ${options.entered === 1 ? 'study' : `${options.entered} studies`} on this scenario ${options.entered === 1 ? 'is' : 'are'} on the leaderboard already. A method you upload to a submitted study joins its entry, ranked once every recipe seed is scored.`
                      : 'None of your teams has a study on this benchmark’s scenario yet. Create an external study, upload your runs to it, then come back to submit it.'}
                </p>
              )}
            </div>
          </Card>
          {options.teams.length ? (
            <Card title="Create an external study on this benchmark" description="Upload your models' outputs on the package to it from its page: for each seed a retrain (without the forget rows) first, then your unlearned model.">
              <NewExternalStudy teams={options.teams} scenarioId={b.scenario.id} scenarioName={b.name} />
            </Card>
          ) : null}
        </div>
      )}
      {b.viewer.canShare ? (
        <div className="mt-6">
          <ShareSection actor={actor} teamId={b.teamId} targetType="benchmark" targetId={b.id} />
        </div>
      ) : null}
    </>
  );
}
