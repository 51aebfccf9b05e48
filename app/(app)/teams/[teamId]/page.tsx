import Link from 'next/link';
import { Badge, Card, EmptyState, LinkButton, PageHeader } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { listMembers } from '@/db/queries/teams';
import { roleCan } from '@/lib/auth/permissions';
import { teamDatasets } from '@/lib/datasets/service';

export default async function TeamOverviewPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const [members, datasets] = await Promise.all([listMembers(teamId), teamDatasets(access.actor, teamId)]);
  const canManage = access.role ? roleCan(access.role, 'team.manage') : false;
  const canWrite = access.role ? roleCan(access.role, 'team.write') : access.actor.isAdmin;
  return (
    <>
      <PageHeader title={access.teamName} description="Datasets, deletion scenarios and unlearning studies of this team." />
      <div className="grid gap-6 md:grid-cols-2">
        <Card
          title="Datasets"
          description={datasets.length ? `${datasets.length} dataset${datasets.length === 1 ? '' : 's'}, newest changes first.` : undefined}
          className="md:col-span-2"
        >
          {datasets.length === 0 ? (
            <EmptyState
              title="No datasets yet"
              action={canWrite ? <LinkButton href={`/teams/${teamId}/datasets/new`}>Upload a dataset</LinkButton> : undefined}
            >
              {canWrite
                ? 'Everything starts from a dataset: upload a CSV table, an IDX pair or a ZIP of images, then define deletion scenarios on it.'
                : 'Researchers and owners of this team upload datasets; they will appear here.'}
            </EmptyState>
          ) : (
            <>
              <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="overview-datasets">
                {datasets.slice(0, 6).map((d) => (
                  <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <Link href={`/teams/${teamId}/datasets/${d.id}`} className="font-medium text-brand-600 hover:underline dark:text-blue-400">
                      {d.name}
                    </Link>
                    <span className="flex items-center gap-2 text-zinc-500">
                      <Badge>{d.kind}</Badge>
                      <span className="tabular-nums">
                        {d.rowCount.toLocaleString('en')} rows · {d.classCount} classes · v{d.latestVersion}
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
              <div className="mt-3 flex flex-wrap gap-3 text-sm">
                <Link href={`/teams/${teamId}/datasets`} className="text-brand-600 underline dark:text-blue-400">
                  All datasets
                </Link>
                {canWrite ? (
                  <Link href={`/teams/${teamId}/datasets/new`} className="text-brand-600 underline dark:text-blue-400">
                    Upload a dataset
                  </Link>
                ) : null}
              </div>
            </>
          )}
        </Card>
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
