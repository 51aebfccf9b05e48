import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EmptyState, LinkButton, PageHeader } from '@/app/_components/ui/ui';
import { ScenarioTable } from '@/app/_components/scenarios/scenario-table';
import { canWriteScenarios } from '@/app/_components/scenarios/scenario-server';
import { orPageError } from '@/app/_lib/page-gate';
import { pageTeam } from '@/app/_lib/page-gate';
import { datasetScenarios } from '@/lib/datasets/scenarios';
import { datasetDetails } from '@/lib/datasets/service';

export const metadata = { title: 'Scenarios' };

export default async function DatasetScenariosPage({ params, searchParams }: { params: Promise<{ teamId: string; datasetId: string }>; searchParams: Promise<{ notice?: string }> }) {
  const { teamId, datasetId } = await params;
  const { notice } = await searchParams;
  const access = await pageTeam(teamId, 'team.read');
  const { dataset } = await orPageError(datasetDetails(access.actor, datasetId));
  // The URL names the team: a dataset of another team (even one the user is in) is not here.
  if (dataset.teamId !== teamId) notFound();
  const scenarios = await orPageError(datasetScenarios(access.actor, datasetId));
  const canWrite = canWriteScenarios(access) && !dataset.archivedAt;
  const newHref = `/teams/${teamId}/datasets/${datasetId}/scenarios/new?version=${dataset.latestVersion}`;
  return (
    <>
      <PageHeader
        title={`Scenarios of ${dataset.name}`}
        description={
          <>
            Deletion requests over a version of{' '}
            <Link href={`/teams/${teamId}/datasets/${datasetId}`} className="underline">
              {dataset.name}
            </Link>
            : which training rows to forget (or which poison to inject and remove), resolved the same way every time.
          </>
        }
        actions={canWrite ? <LinkButton href={newHref}>New scenario</LinkButton> : null}
      />
      {notice === 'deleted' ? (
        <p role="status" className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950 dark:text-green-300">
          Scenario deleted.
        </p>
      ) : null}
      {dataset.archivedAt ? <p className="mb-4 text-sm text-amber-800 dark:text-amber-300">This dataset is archived: unarchive it to add or change scenarios.</p> : null}
      {scenarios.length === 0 ? (
        <EmptyState title="No scenarios yet" action={canWrite ? <LinkButton href={newHref}>New scenario</LinkButton> : undefined}>
          A scenario says what to forget: poisoned rows (security), some people&apos;s records (privacy), unwanted history (usability) or a biased subgroup (fidelity).{' '}
          {canWrite ? 'Choose “New scenario” to build one with a live preview of the forget set.' : 'A researcher or owner of the team can create one.'}
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <ScenarioTable teamId={teamId} scenarios={scenarios} canWrite={canWrite} />
        </div>
      )}
    </>
  );
}
