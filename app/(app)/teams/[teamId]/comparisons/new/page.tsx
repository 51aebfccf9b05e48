import Link from 'next/link';
import { RunPicker } from '@/app/_components/results/results-run-picker';
import { orPageError } from '@/app/_lib/page-gate';
import { EmptyState, LinkButton, PageHeader } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { comparisonCandidates } from '@/lib/results/comparisons-service';
import { pickerGroups } from '@/lib/results/run-picker-groups';
import { teamStudies } from '@/lib/studies/service';
import { methodCatalogue } from '@/lib/unlearning/registry';

export const metadata = { title: 'New comparison' };

export default async function NewComparisonPage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Promise<{ datasetId?: string }> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const { datasetId } = await searchParams;
  const studies = await teamStudies(access.actor, teamId);
  const datasets = [...new Map(studies.map((s) => [s.datasetId, { id: s.datasetId, name: s.datasetName, studies: studies.filter((x) => x.datasetId === s.datasetId).length }])).values()];
  const chosen = datasetId ? await orPageError(comparisonCandidates(access.actor, teamId, datasetId)) : null;
  const methodNames = Object.fromEntries(methodCatalogue().map((m) => [m.id, m.name]));
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href={`/teams/${teamId}/comparisons`} className="hover:underline">
          Comparisons
        </Link>{' '}
        /
      </nav>
      <PageHeader title="New comparison" description="Runs from studies on one dataset: pick a dataset, then the models to compare and the baseline the gaps are measured to." />
      {datasets.length === 0 ? (
        <EmptyState title="No studies yet" action={<LinkButton href={`/teams/${teamId}/studies`}>Studies</LinkButton>}>
          A comparison needs runs of at least one study.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          <nav aria-label="Datasets" className="flex flex-wrap gap-2" data-testid="comparison-datasets">
            {datasets.map((d) => (
              <LinkButton key={d.id} size="sm" variant={d.id === datasetId ? 'primary' : 'secondary'} href={`/teams/${teamId}/comparisons/new?datasetId=${d.id}`}>
                {d.name} ({d.studies} stud{d.studies === 1 ? 'y' : 'ies'})
              </LinkButton>
            ))}
          </nav>
          {chosen ? <RunPicker teamId={teamId} studies={pickerGroups(chosen.runs, methodNames)} /> : <p className="text-sm text-zinc-600 dark:text-zinc-400">Choose a dataset.</p>}
        </div>
      )}
    </>
  );
}
