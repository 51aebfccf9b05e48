import { Card, EmptyState, LinkButton, PageHeader } from '@/app/_components/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { listMembers } from '@/db/queries/teams';
import { roleCan } from '@/lib/auth/permissions';

export default async function TeamOverviewPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const members = await listMembers(teamId);
  const canManage = access.role ? roleCan(access.role, 'team.manage') : false;
  return (
    <>
      <PageHeader title={access.teamName} description="Datasets, deletion scenarios and unlearning studies of this team." />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Members" description={`${members.length} member${members.length === 1 ? '' : 's'}`}>
          {members.length === 1 && canManage ? (
            <EmptyState title="Just you so far" action={<LinkButton href={`/teams/${teamId}/members`}>Invite people</LinkButton>}>
              Invite researchers to run studies with you, and reviewers to read and comment on the results.
            </EmptyState>
          ) : (
            <ul className="space-y-1 text-sm">
              {members.map((m) => (
                <li key={m.userId}>
                  {m.name} <span className="text-zinc-500">· {m.role}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Your role" description={access.role ? `You are ${access.role === 'owner' ? 'an' : 'a'} ${access.role} of this team.` : 'You see this team as a site admin.'}>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {access.role === 'reviewer'
              ? 'Reviewers read everything in the team and comment; they do not change data or launch jobs.'
              : access.role === 'researcher'
                ? 'Researchers create and change datasets, scenarios and studies, and launch and cancel jobs.'
                : access.role === 'owner'
                  ? 'Owners manage members and roles, and do everything a researcher does.'
                  : 'Site admins read every team and manage its datasets.'}
          </p>
        </Card>
      </div>
    </>
  );
}
