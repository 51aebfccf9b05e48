import Link from 'next/link';
import { EmptyState, formatDate, LinkButton, PageHeader, Table } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { teamComparisons } from '@/lib/results/comparisons-service';

export const metadata = { title: 'Comparisons' };

export default async function ComparisonsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const comparisons = await teamComparisons(access.actor, teamId);
  return (
    <>
      <PageHeader
        title="Comparisons"
        description="Runs from any of the team's studies on one dataset, side by side against a pinned baseline. Every member can save one; links reproduce the exact view."
        actions={<LinkButton href={`/teams/${teamId}/comparisons/new`}>New comparison</LinkButton>}
      />
      {comparisons.length === 0 ? (
        <EmptyState title="No saved comparisons" action={<LinkButton href={`/teams/${teamId}/comparisons/new`}>New comparison</LinkButton>}>
          Choose runs from studies on one dataset and save the view with a name.
        </EmptyState>
      ) : (
        <Table label="Saved comparisons" head={['Name', 'Dataset', 'Runs', 'Saved by', 'Updated']}>
          {comparisons.map((c) => (
            <tr key={c.id} data-testid={`comparison-row-${c.name}`}>
              <td className="px-2 py-2">
                <Link className="text-brand-600 hover:underline dark:text-blue-400" href={`/teams/${teamId}/comparisons/${c.id}`}>
                  {c.name}
                </Link>
              </td>
              <td className="px-2 py-2">{c.datasetName}</td>
              <td className="px-2 py-2 tabular-nums">{c.runCount}</td>
              <td className="px-2 py-2">{c.createdByName ?? '—'}</td>
              <td className="px-2 py-2">{formatDate(c.updatedAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

