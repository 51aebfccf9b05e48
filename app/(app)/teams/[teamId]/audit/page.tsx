import { Card, PageHeader } from '@/app/_components/ui/ui';
import { AuditTable } from '@/app/_components/ui/audit-table';
import { pageTeam } from '@/app/_lib/page-gate';
import { listAudit } from '@/db/queries/audit';

export const metadata = { title: 'Audit log' };

export default async function TeamAuditPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  await pageTeam(teamId, 'team.audit');
  const events = await listAudit({ teamId, limit: 200 });
  return (
    <>
      <PageHeader title="Audit log" description="Security-relevant events in this team: members, roles, invitations, deletions and share links. Newest first." />
      <Card>
        <AuditTable events={events} />
      </Card>
    </>
  );
}
