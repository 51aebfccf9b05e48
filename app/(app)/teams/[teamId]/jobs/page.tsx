import { PageHeader } from '@/app/_components/ui/ui';
import { orPageError } from '@/app/_lib/page-gate';
import { RunJobs } from '@/app/_components/studies/run-jobs';
import { RUN_STATUS_LIST, type RunStatusName } from '@/app/_components/studies/study-format';
import { pageTeam } from '@/app/_lib/page-gate';
import { teamStudies } from '@/lib/studies/service';
import { methodCatalogue } from '@/lib/unlearning/registry';

export const metadata = { title: 'Jobs' };

export default async function JobsPage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Promise<{ status?: string; studyId?: string }> }) {
  const { teamId } = await params;
  const query = await searchParams;
  const access = await pageTeam(teamId, 'team.read');
  const studies = await orPageError(teamStudies(access.actor, teamId));
  // Unknown values in a hand-edited URL are dropped rather than sent to the API (which would refuse them).
  const status = (query.status ?? '').split(',').filter((s): s is RunStatusName => (RUN_STATUS_LIST as readonly string[]).includes(s));
  const studyId = studies.some((s) => s.id === query.studyId) ? (query.studyId as string) : '';
  return (
    <>
      <PageHeader title="Jobs" description="Every run of the team's studies, newest activity first, and the workers taking them." />
      <RunJobs
        teamId={teamId}
        studies={studies.map((s) => ({ id: s.id, name: s.name }))}
        methodNames={Object.fromEntries(methodCatalogue().map((m) => [m.id, m.name]))}
        initialStatus={status}
        initialStudyId={studyId}
      />
    </>
  );
}
