import Link from 'next/link';
import { Badge, Card, EmptyState, formatDate, LinkButton, PageHeader } from '@/app/_components/ui/ui';
import { activityLine } from '@/app/_lib/audit-activity';
import { pageTeam } from '@/app/_lib/page-gate';
import { listAudit, type AuditRow } from '@/db/queries/audit';
import { listActiveStudies, listStudiesInReview, type ActiveStudyRow, type StudyInReviewRow } from '@/db/queries/team-overview';
import { listMembers } from '@/db/queries/teams';
import { roleCan } from '@/lib/auth/permissions';
import { teamDatasets } from '@/lib/datasets/service';

export default async function TeamOverviewPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const canManage = access.role ? roleCan(access.role, 'team.manage') : false;
  const canWrite = access.role ? roleCan(access.role, 'team.write') : access.actor.isAdmin;
  const canRun = access.role ? roleCan(access.role, 'team.run') : false;
  // The audit log carries addresses and sign-in failures: only who may read the log sees it here.
  const canAudit = access.role ? roleCan(access.role, 'team.audit') : access.actor.isAdmin;
  const [members, datasets, active, inReview, mine, events] = await Promise.all([
    listMembers(teamId),
    teamDatasets(access.actor, teamId),
    listActiveStudies(teamId, 10),
    listStudiesInReview(teamId, 10),
    listStudiesInReview(teamId, 10, access.actor.id),
    canAudit ? listAudit({ teamId, limit: 10 }) : Promise.resolve(null),
  ]);
  return (
    <>
      <PageHeader title={access.teamName} description="Datasets, deletion scenarios and unlearning studies of this team." />
      <div className="grid gap-6 md:grid-cols-2">
        <ActiveStudiesCard teamId={teamId} rows={active} canRun={canRun} />
        {mine.length ? <YourReviewsCard teamId={teamId} rows={mine} /> : null}
        <InReviewCard teamId={teamId} rows={inReview} />
        <ActivityCard teamId={teamId} events={events} />
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

const linkClass = 'font-medium text-brand-600 hover:underline break-words dark:text-blue-400';

function ActiveStudiesCard({ teamId, rows, canRun }: { teamId: string; rows: ActiveStudyRow[]; canRun: boolean }) {
  return (
    <Card
      title="Running and queued studies"
      description={rows.length ? `${rows.length === 10 ? 'The first 10' : rows.length} ${rows.length === 1 ? 'study has' : 'studies have'} runs still to do; running ones first.` : undefined}
      className="md:col-span-2"
    >
      {rows.length === 0 ? (
        <EmptyState title="Nothing is running" action={canRun ? <LinkButton href={`/teams/${teamId}/studies/new`}>Launch a study</LinkButton> : undefined}>
          {canRun
            ? 'No study of this team has runs waiting, queued or running. Launch a study to compare unlearning methods on a deletion scenario.'
            : 'No study of this team has runs waiting, queued or running. Researchers and owners launch studies; they will appear here while they run.'}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="overview-active-studies">
          {rows.map((r) => (
            <li key={r.id} className="flex min-w-0 flex-wrap items-center justify-between gap-2 py-2">
              <span className="min-w-0">
                <Link href={`/teams/${teamId}/studies/${r.id}`} className={linkClass}>
                  {r.name}
                </Link>
                <span className="text-zinc-500"> · {r.scenarioName}</span>
              </span>
              <span className="flex flex-wrap items-center gap-1.5 tabular-nums">
                {r.running ? <Badge tone="blue">{r.running} running</Badge> : null}
                {r.queued ? <Badge tone="amber">{r.queued} queued</Badge> : null}
                <span className="text-zinc-500">
                  {r.succeeded} of {r.total} runs done{r.ended ? `, ${r.ended} failed or cancelled` : ''}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 flex flex-wrap gap-3 text-sm">
        <Link href={`/teams/${teamId}/jobs`} className="text-brand-600 underline dark:text-blue-400">
          All jobs
        </Link>
        <Link href={`/teams/${teamId}/studies`} className="text-brand-600 underline dark:text-blue-400">
          All studies
        </Link>
      </div>
    </Card>
  );
}

/** The studies someone put "in review" for this member, each linked to its results, where the review happens. */
function YourReviewsCard({ teamId, rows }: { teamId: string; rows: StudyInReviewRow[] }) {
  return (
    <Card title="Waiting for your review" description={`${rows.length === 10 ? 'The first 10' : rows.length} ${rows.length === 1 ? 'study was' : 'studies were'} put in review for you; the longest waiting first.`} className="md:col-span-2">
      <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="overview-your-reviews">
        {rows.map((r) => (
          <li key={r.id} className="min-w-0 py-2">
            <Link href={`/teams/${teamId}/studies/${r.id}/results`} className={linkClass}>
              {r.name}
            </Link>
            <div className="text-xs text-zinc-500">
              {r.since ? `Since ${formatDate(r.since)}` : 'In review'}
              {r.requestedBy ? `, asked by ${r.requestedBy}` : ''}
            </div>
            {r.note ? <p className="mt-0.5 break-words text-xs text-zinc-600 dark:text-zinc-400">“{r.note}”</p> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function InReviewCard({ teamId, rows }: { teamId: string; rows: StudyInReviewRow[] }) {
  return (
    <Card title="Waiting for review" description={rows.length ? `${rows.length === 10 ? 'The 10 newest' : rows.length} ${rows.length === 1 ? 'study is' : 'studies are'} in review; the longest waiting first.` : undefined}>
      {rows.length === 0 ? (
        <EmptyState title="No study waits for review">When a study’s results are ready to read, a reviewer or an owner sets its review status to “in review” on the study page or its results, optionally for a named reviewer; it then waits here until it is approved or changes are requested.</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="overview-in-review">
          {rows.map((r) => (
            <li key={r.id} className="min-w-0 py-2">
              <Link href={`/teams/${teamId}/studies/${r.id}`} className={linkClass}>
                {r.name}
              </Link>
              <div className="text-xs text-zinc-500">
                {r.since ? `In review since ${formatDate(r.since)}` : 'In review'}
                {r.requestedBy ? `, asked by ${r.requestedBy}` : ''}
                {r.assigneeName ? `, for ${r.assigneeName}` : ''}
              </div>
              {r.note ? <p className="mt-0.5 break-words text-xs text-zinc-600 dark:text-zinc-400">“{r.note}”</p> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function ActivityCard({ teamId, events }: { teamId: string; events: AuditRow[] | null }) {
  if (events === null) {
    return (
      <Card title="Recent activity">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">The team’s activity comes from its audit log, which only owners (and site admins) read. Ask an owner about recent changes.</p>
      </Card>
    );
  }
  return (
    <Card title="Recent activity" description={events.length ? `The last ${events.length} event${events.length === 1 ? '' : 's'} of the audit log, newest first.` : undefined}>
      {events.length === 0 ? (
        <EmptyState title="No activity yet">Uploads, reviews, invitations, role changes and share links are recorded here as they happen. Start by uploading a dataset or inviting people.</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="overview-activity">
          {events.map((e) => {
            const line = activityLine(teamId, e);
            return (
              <li key={e.id} className="min-w-0 py-2">
                {line.href ? (
                  <Link href={line.href} className={linkClass}>
                    {line.text}
                  </Link>
                ) : (
                  <span className="break-words">{line.text}</span>
                )}
                <div className="break-words text-xs text-zinc-500">
                  {formatDate(e.createdAt)}
                  {e.actorEmail ? ` · ${e.actorEmail}` : ''}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className="mt-3 text-sm">
        <Link href={`/teams/${teamId}/audit`} className="text-brand-600 underline dark:text-blue-400">
          The whole audit log
        </Link>
      </div>
    </Card>
  );
}
