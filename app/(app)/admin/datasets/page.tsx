import Link from 'next/link';
import { ActionForm } from '@/app/_components/ui/action-form';
import { DeleteDatasetDialog } from '@/app/_components/datasets/delete-dataset-dialog';
import { RenameDatasetForm } from '@/app/_components/datasets/rename-dataset-form';
import { Badge, Card, EmptyState, formatDate, PageHeader, Table } from '@/app/_components/ui/ui';
import { pageAdmin } from '@/app/_lib/page-gate';
import { allDatasetsForAdmin } from '@/lib/datasets/service';
import { deleteDatasetAction, setDatasetArchivedAction, updateDatasetDetailsAction } from '../../teams/[teamId]/datasets/actions';

export const metadata = { title: 'All datasets' };

export default async function AdminDatasetsPage() {
  const admin = await pageAdmin();
  const datasets = await allDatasetsForAdmin(admin, true);
  return (
    <>
      <PageHeader
        title="All datasets"
        description={
          <>
            Every team&rsquo;s datasets, archived included. Changes go through the same checks and audit log as the team pages.{' '}
            <Link href="/admin" className="underline">
              Back to administration
            </Link>
            .
          </>
        }
      />
      <Card>
        {datasets.length === 0 ? (
          <EmptyState title="No datasets in this installation">Datasets appear here once a team uploads one.</EmptyState>
        ) : (
          <Table label="All datasets" head={['Team', 'Dataset', 'Kind', 'Rows', 'Version', 'Updated', 'Rename', 'Actions']}>
            {datasets.map((d) => (
              <tr key={d.id} data-testid={`admin-dataset-${d.teamName}-${d.name}`} className="align-top">
                <td className="whitespace-nowrap px-2 py-2">
                  <Link href={`/teams/${d.teamId}/datasets`} className="hover:underline">
                    {d.teamName}
                  </Link>
                </td>
                <td className="px-2 py-2">
                  <Link href={`/teams/${d.teamId}/datasets/${d.id}`} className="font-medium text-brand-600 hover:underline dark:text-blue-400">
                    {d.name}
                  </Link>{' '}
                  {d.archivedAt ? <Badge tone="amber">archived</Badge> : null}
                  <div className="text-xs text-zinc-500">{d.createdByEmail ?? d.origin}</div>
                </td>
                <td className="px-2 py-2">{d.kind}</td>
                <td className="px-2 py-2 tabular-nums">{d.rowCount.toLocaleString('en')}</td>
                <td className="px-2 py-2 tabular-nums">v{d.latestVersion}</td>
                <td className="px-2 py-2 text-zinc-600 dark:text-zinc-400">{formatDate(d.updatedAt)}</td>
                <td className="px-2 py-2">
                  <RenameDatasetForm datasetId={d.id} name={d.name} action={updateDatasetDetailsAction} />
                </td>
                <td className="px-2 py-2">
                  <div className="flex items-start gap-2">
                    <ActionForm
                      inline
                      action={setDatasetArchivedAction}
                      variant="secondary"
                      submitLabel={d.archivedAt ? 'Unarchive' : 'Archive'}
                      fields={[
                        { name: 'datasetId', label: '', type: 'hidden', defaultValue: d.id },
                        { name: 'archived', label: '', type: 'hidden', defaultValue: d.archivedAt ? 'false' : 'true' },
                      ]}
                    />
                    <DeleteDatasetDialog datasetId={d.id} datasetName={d.name} dependents={null} returnTo="admin" action={deleteDatasetAction} size="sm" />
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
