import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ResultsDashboard } from '@/app/_components/results/results-dashboard';
import { PerExampleEvidenceCard } from '@/app/_components/results/per-example-evidence-card';
import { CommentsSection, ReviewSection } from '@/app/_components/reviews/review-sections';
import { orPageError } from '@/app/_lib/page-gate';
import { Badge, PageHeader } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { firstViewColumns, firstViewPayload, pagePayload } from '@/lib/results/page-payload';
import { studyResultsWithSummary } from '@/lib/results/study-results-service';
import { parseViewState } from '@/lib/results/view-state';
import { perExampleEvidenceRows } from '@/lib/results/per-example-evidence-table';
import { methodCatalogue } from '@/lib/unlearning/registry';

export const metadata = { title: 'Study results' };

export default async function StudyResultsPage({ params, searchParams }: { params: Promise<{ teamId: string; studyId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { teamId, studyId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const { data, summary } = await orPageError(studyResultsWithSummary(access.actor, studyId));
  // Another team's study is not found under this team's URL, even for someone in both teams.
  if (data.teamId !== teamId) notFound();
  const study = data.studies[0];
  const initialView = parseViewState(await searchParams);
  const perExampleRows = perExampleEvidenceRows(summary, Object.fromEntries(methodCatalogue().map((m) => [m.id, m.name])), data.table.sweeps);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500 print:hidden">
        <Link href={`/teams/${teamId}/studies`} className="hover:underline">
          Studies
        </Link>{' '}
        /{' '}
        <Link href={`/teams/${teamId}/studies/${studyId}`} className="hover:underline">
          {study.name}
        </Link>{' '}
        /
      </nav>
      <PageHeader
        title={`Results: ${study.name}`}
        description={
          <span className="flex flex-wrap items-center gap-1.5">
            {data.dataset.name} v{data.dataset.version} · scenario {study.scenarioName} <Badge>{study.category}</Badge>
            {data.status !== 'succeeded' ? <Badge tone="amber">{data.status === 'running' || data.status === 'waiting' ? 'still running: partial results' : data.status}</Badge> : null}
          </span>
        }
      />
      <ResultsDashboard
        data={firstViewPayload(pagePayload(data), firstViewColumns(data, initialView))}
        rest={{ url: `/api/v1/studies/${studyId}/results`, shape: 'results' }}
        initialView={initialView}
        exportUrl={`/api/v1/studies/${studyId}/export`}
        eventsUrl={`/api/v1/studies/${studyId}/events`}
        aside={
          // Where the reviewer reads: status, note, history and comments, as on the study page.
          <div className="space-y-4">
            <ReviewSection actor={access.actor} studyId={studyId} />
            <CommentsSection actor={access.actor} targetType="study" targetId={studyId} />
          </div>
        }
      />
      <div className="mt-6">
        <PerExampleEvidenceCard rows={perExampleRows} exportUrl={`/api/v1/studies/${studyId}/per-example`} />
      </div>
    </>
  );
}
