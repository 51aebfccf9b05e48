import Link from 'next/link';
import { Badge, Card, EmptyState, formatDate, LinkButton, PageHeader, Table } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { roleCan } from '@/lib/auth/permissions';
import { teamDatasets } from '@/lib/datasets/service';

export const metadata = { title: 'Datasets' };

export default async function DatasetsPage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Promise<{ archived?: string; deleted?: string }> }) {
  const { teamId } = await params;
  const search = await searchParams;
  const access = await pageTeam(teamId, 'team.read');
  const canWrite = access.role ? roleCan(access.role, 'team.write') : access.actor.isAdmin;
  const showArchived = search.archived === '1';
  const datasets = await teamDatasets(access.actor, teamId, showArchived);
  const upload = canWrite ? (
    <LinkButton href={`/teams/${teamId}/datasets/new`} data-testid="upload-dataset">
      Upload dataset
    </LinkButton>
  ) : null;

  return (
    <>
      <PageHeader title="Datasets" description="Versioned data of this team. Scenarios and studies point at one immutable version." actions={upload} />
      {search.deleted ? (
        <p role="status" className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950 dark:text-green-300">
          Deleted &ldquo;{search.deleted}&rdquo;.
        </p>
      ) : null}
      <Card>
        <div className="mb-3 flex items-center justify-between gap-2 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">
            {datasets.length} dataset{datasets.length === 1 ? '' : 's'}
            {showArchived ? ', archived included' : ''}
          </span>
          {/* A link, not a checkbox: the filter lives in the URL, so it works without JavaScript and can be shared. */}
          <Link href={showArchived ? `/teams/${teamId}/datasets` : `/teams/${teamId}/datasets?archived=1`} className="text-brand-600 underline dark:text-blue-400" data-testid="archived-filter">
            {showArchived ? 'Hide archived' : 'Show archived'}
          </Link>
        </div>
        {datasets.length === 0 ? (
          <EmptyState title={showArchived ? 'No datasets, archived or not' : 'No datasets yet'} action={upload}>
            {canWrite
              ? 'Upload a CSV table, an IDX pair (MNIST style) or a ZIP of images in class folders. Scenarios and studies start from a dataset.'
              : 'Researchers and owners of this team upload datasets; they will appear here for you to read and review.'}
          </EmptyState>
        ) : (
          <Table label="Datasets" head={['Name', 'Kind', 'Rows', 'Features', 'Classes', 'Latest version', 'Updated']}>
            {datasets.map((d) => (
              <tr key={d.id} data-testid={`dataset-${d.name}`}>
                <td className="px-2 py-2">
                  <Link href={`/teams/${teamId}/datasets/${d.id}`} className="font-medium text-brand-600 hover:underline dark:text-blue-400">
                    {d.name}
                  </Link>{' '}
                  {d.archivedAt ? <Badge tone="amber">archived</Badge> : null}
                  {d.origin === 'demo' ? <Badge>demo</Badge> : null}
                </td>
                <td className="px-2 py-2">{d.kind}</td>
                <td className="px-2 py-2 tabular-nums">{d.rowCount.toLocaleString('en')}</td>
                <td className="px-2 py-2 tabular-nums">{d.featureCount.toLocaleString('en')}</td>
                <td className="px-2 py-2 tabular-nums">{d.classCount}</td>
                <td className="px-2 py-2 tabular-nums">v{d.latestVersion}</td>
                <td className="px-2 py-2 text-zinc-600 dark:text-zinc-400">{formatDate(d.updatedAt)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
