import Link from 'next/link';
import { ComparisonBaselineSelect } from '@/app/_components/results/comparison-baseline-select';
import { ResultsDashboard } from '@/app/_components/results/results-dashboard';
import { orPageError } from '@/app/_lib/page-gate';
import { EmptyState, LinkButton, PageHeader } from '@/app/_components/ui/ui';
import { pageTeam } from '@/app/_lib/page-gate';
import { comparisonResults } from '@/lib/results/comparisons-service';
import { DEFAULT_VIEW, parseSelection, parseViewState, viewQuery } from '@/lib/results/view-state';
import { AppError } from '@/lib/errors';
import { pagePayload } from '@/lib/results/page-payload';

export const metadata = { title: 'Comparison' };

/** An unsaved comparison: runs, baseline and the whole view come from the URL. */
export default async function ComparisonViewPage({ params, searchParams }: { params: Promise<{ teamId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const query = await searchParams;
  const selection = parseSelection(query);
  if (selection.runs.length === 0) {
    return (
      <EmptyState title="No runs chosen" action={<LinkButton href={`/teams/${teamId}/comparisons/new`}>Choose runs</LinkButton>}>
        This link names no runs to compare.
      </EmptyState>
    );
  }
  let data;
  try {
    data = pagePayload(await orPageError(comparisonResults(access.actor, teamId, { runIds: selection.runs, baselineRunId: selection.baseline })));
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation') {
      return (
        <EmptyState title="This selection cannot be compared" action={<LinkButton href={`/teams/${teamId}/comparisons/new`}>Choose runs</LinkButton>}>
          {err.message}
        </EmptyState>
      );
    }
    throw err;
  }
  const exportUrl = `/api/v1/teams/${teamId}/comparisons/results?${viewQuery(DEFAULT_VIEW, selection)}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500 print:hidden">
        <Link href={`/teams/${teamId}/comparisons`} className="hover:underline">
          Comparisons
        </Link>{' '}
        /
      </nav>
      <PageHeader title={`Comparison on ${data.dataset.name}`} description={`${selection.runs.length} runs from ${data.studies.map((s) => s.name).join(', ')}; not saved yet.`} />
      <div className="mb-4">
        <ComparisonBaselineSelect rows={data.table.rows} selection={selection} />
      </div>
      <ResultsDashboard data={data} initialView={parseViewState(query)} selection={selection} exportUrl={exportUrl} saveTeamId={teamId} />
    </>
  );
}
