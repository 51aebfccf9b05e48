import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ResultsDashboard } from '@/app/_components/results/results-dashboard';
import { CommentsSection, ShareSection } from '@/app/_components/reviews/review-sections';
import { roleCan } from '@/lib/auth/permissions';
import { orPageError } from '@/app/_lib/page-gate';
import { formatDate, LinkButton, PageHeader } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { getComparison } from '@/lib/results/comparisons-service';
import { parseViewState, VIEW_PARAMS, viewQuery, type ViewState } from '@/lib/results/view-state';
import { pagePayload } from '@/lib/results/page-payload';

export const metadata = { title: 'Comparison' };

export default async function SavedComparisonPage({ params, searchParams }: { params: Promise<{ teamId: string; comparisonId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { teamId, comparisonId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const { comparison, results } = await orPageError(getComparison(access.actor, comparisonId));
  if (comparison.teamId !== teamId) notFound();
  const query = await searchParams;
  // The URL's view wins; without one, the view saved with the comparison.
  const hasView = VIEW_PARAMS.some((k) => query[k] !== undefined);
  const view: ViewState = hasView ? parseViewState(query) : { ...parseViewState({}), ...(comparison.viewState as Partial<ViewState>) };
  const unsaved = `/teams/${teamId}/comparisons/view?${viewQuery(view, { runs: comparison.runIds, baseline: comparison.baselineRunId })}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500 print:hidden">
        <Link href={`/teams/${teamId}/comparisons`} className="hover:underline">
          Comparisons
        </Link>{' '}
        /
      </nav>
      <PageHeader
        title={comparison.name}
        description={`${results.dataset.name} · ${comparison.runIds.length} runs from ${results.studies.map((s) => s.name).join(', ')} · saved ${formatDate(comparison.updatedAt)}`}
        actions={
          <LinkButton variant="secondary" size="sm" href={unsaved}>
            Open as an editable view
          </LinkButton>
        }
      />
      <ResultsDashboard
        data={pagePayload(results)}
        initialView={view}
        exportUrl={`/api/v1/comparisons/${comparison.id}/export`}
        aside={
          <>
            <CommentsSection actor={access.actor} targetType="comparison" targetId={comparison.id} />
            {access.role && roleCan(access.role, 'team.share') ? <ShareSection actor={access.actor} teamId={teamId} targetType="comparison" targetId={comparison.id} /> : null}
          </>
        }
      />
    </>
  );
}
