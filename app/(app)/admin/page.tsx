import { ActionForm } from '@/app/_components/ui/action-form';
import { AuditTable } from '@/app/_components/ui/audit-table';
import { Badge, Card, formatDate, LinkButton, PageHeader, Table } from '@/app/_components/ui/ui';
import { pageAdmin } from '@/app/_lib/page-gate';
import { listAudit } from '@/db/queries/audit';
import { listUsers } from '@/db/queries/users';
import { adminChangeUserAction } from '../actions';

export const metadata = { title: 'Admin' };

export default async function AdminPage() {
  const admin = await pageAdmin();
  const [users, events] = await Promise.all([listUsers(), listAudit({ limit: 200 })]);
  return (
    <>
      <PageHeader
        title="Site administration"
        description="Every user of this installation, every team's datasets, and the whole audit log."
        actions={
          <LinkButton href="/admin/datasets" variant="secondary">
            All datasets
          </LinkButton>
        }
      />
      <div className="space-y-6">
        <Card title={`Users (${users.length})`}>
          <Table label="Users" head={['Name', 'Email', 'Status', 'Created', 'Actions']}>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td className="px-2 py-2">{u.name}</td>
                <td className="px-2 py-2">{u.email}</td>
                <td className="space-x-1 px-2 py-2">
                  {u.isAdmin ? <Badge tone="blue">admin</Badge> : null}
                  {u.disabledAt ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}
                </td>
                <td className="px-2 py-2 text-zinc-600 dark:text-zinc-400">{formatDate(u.createdAt)}</td>
                <td className="px-2 py-2">
                  {u.id === admin.id ? (
                    <span className="text-xs text-zinc-500">you</span>
                  ) : (
                    <div className="flex flex-wrap gap-2">
                      <ActionForm
                        inline
                        action={adminChangeUserAction}
                        variant={u.disabledAt ? 'secondary' : 'danger'}
                        submitLabel={u.disabledAt ? 'Enable' : 'Disable'}
                        fields={[
                          { name: 'userId', label: '', type: 'hidden', defaultValue: u.id },
                          { name: 'change', label: '', type: 'hidden', defaultValue: u.disabledAt ? 'enable' : 'disable' },
                        ]}
                      />
                      <ActionForm
                        inline
                        action={adminChangeUserAction}
                        variant="secondary"
                        submitLabel={u.isAdmin ? 'Remove admin' : 'Make admin'}
                        fields={[
                          { name: 'userId', label: '', type: 'hidden', defaultValue: u.id },
                          { name: 'change', label: '', type: 'hidden', defaultValue: u.isAdmin ? 'remove_admin' : 'make_admin' },
                        ]}
                      />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </Card>
        <Card title="Audit log" description="All teams and site-wide events (sign-in failures, admin changes), newest first.">
          <AuditTable events={events} showTeam />
        </Card>
      </div>
    </>
  );
}
