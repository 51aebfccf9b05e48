import { EmptyState, PageHeader } from '@/app/_components/ui/ui';
import { ScenarioTable } from '@/app/_components/scenarios/scenario-table';
import { canWriteScenarios } from '@/app/_components/scenarios/scenario-server';
import { orPageError } from '@/app/_lib/page-gate';
import { pageTeam } from '@/app/_lib/page-gate';
import { datasetScenarios } from '@/lib/datasets/scenarios';
import { teamDatasets } from '@/lib/datasets/service';
import Link from 'next/link';

export const metadata = { title: 'Scenarios' };

export default async function TeamScenariosPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  // Archived datasets keep their scenarios (studies may use them), so list those too.
  const datasets = await orPageError(teamDatasets(access.actor, teamId, true));
  const perDataset = await Promise.all(datasets.map((d) => orPageError(datasetScenarios(access.actor, d.id))));
  const scenarios = perDataset.flat().sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const datasetNames = Object.fromEntries(datasets.map((d) => [d.id, d.name]));
  return (
    <>
      <PageHeader title="Scenarios" description="Every deletion scenario of the team, newest first. A new scenario starts from a dataset." />
      {scenarios.length === 0 ? (
        <EmptyState title="No scenarios yet">
          Open a dataset&apos;s scenarios to create one
          {datasets.length ? (
            <>
              :{' '}
              {datasets.slice(0, 5).map((d, i) => (
                <span key={d.id}>
                  {i ? ', ' : ''}
                  <Link href={`/teams/${teamId}/datasets/${d.id}/scenarios`} className="underline">
                    {d.name}
                  </Link>
                </span>
              ))}
            </>
          ) : (
            '; the team has no dataset yet.'
          )}
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <ScenarioTable teamId={teamId} scenarios={scenarios} canWrite={canWriteScenarios(access)} datasetNames={datasetNames} />
        </div>
      )}
    </>
  );
}
