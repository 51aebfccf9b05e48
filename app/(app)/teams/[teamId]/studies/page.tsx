import Link from 'next/link';
import { Badge, EmptyState, formatDate, LinkButton, PageHeader, Table } from '@/app/_components/ui/ui';
import { CATEGORY_TONES } from '@/app/_components/scenarios/scenario-model';
import { orPageError } from '@/app/_lib/page-gate';
import { RunStatusBadge } from '@/app/_components/studies/run-status';
import { pageTeam } from '@/app/_lib/page-gate';
import { roleCan } from '@/lib/auth/permissions';
import { teamStudies } from '@/lib/studies/service';
import type { ScenarioCategory } from '@/lib/scenarios/spec';

export const metadata = { title: 'Studies' };

const REVIEW_LABELS: Record<string, { text: string; tone: 'zinc' | 'amber' | 'green' | 'red' }> = {
  none: { text: 'not reviewed', tone: 'zinc' },
  in_review: { text: 'in review', tone: 'amber' },
  approved: { text: 'approved', tone: 'green' },
  changes_requested: { text: 'changes requested', tone: 'red' },
};

/** The list's status, from its run counts (the same rule as studyStatus, without loading every run). */
function listStatus(s: { runCount: number; succeeded: number; failed: number; active: number }): string {
  if (s.active > 0) return 'running';
  if (s.runCount > 0 && s.succeeded === s.runCount) return 'succeeded';
  if (s.succeeded > 0) return 'partial';
  if (s.failed > 0) return 'failed';
  return 'cancelled';
}

export default async function StudiesPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const studies = await orPageError(teamStudies(access.actor, teamId));
  const canRun = access.role ? roleCan(access.role, 'team.run') : false;
  return (
    <>
      <PageHeader
        title="Studies"
        description="Each study trains originals and retrained references per seed, applies the chosen unlearning methods, and compares them. A study starts from a scenario."
        actions={
          canRun ? (
            <LinkButton href={`/teams/${teamId}/studies/new`} variant="primary">
              New study
            </LinkButton>
          ) : null
        }
      />
      {studies.length === 0 ? (
        <EmptyState title="No studies yet">
          A study compares unlearning methods on one deletion scenario. First{' '}
          <Link href={`/teams/${teamId}/datasets`} className="underline">
            open a dataset
          </Link>{' '}
          and create a scenario on it, then choose <strong>New study</strong> on the scenario&apos;s page.
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <Table label="Studies" head={['Name', 'Dataset', 'Scenario', 'Status', 'Runs', 'Review', 'Created']}>
            {studies.map((s) => {
              const status = listStatus(s);
              const review = REVIEW_LABELS[s.reviewStatus] ?? REVIEW_LABELS.none;
              return (
                <tr key={s.id} data-testid={`study-row-${s.name}`}>
                  <td className="px-2 py-2 font-medium">
                    <Link href={`/teams/${teamId}/studies/${s.id}`} className="text-brand-600 hover:underline dark:text-blue-400">
                      {s.name}
                    </Link>
                  </td>
                  <td className="px-2 py-2">
                    <Link href={`/teams/${teamId}/datasets/${s.datasetId}`} className="hover:underline">
                      {s.datasetName}
                    </Link>
                  </td>
                  <td className="px-2 py-2">
                    <span className="flex flex-wrap items-center gap-1.5">
                      <Link href={`/teams/${teamId}/scenarios/${s.scenarioId}`} className="hover:underline">
                        {s.scenarioName}
                      </Link>
                      <Badge tone={CATEGORY_TONES[s.category as ScenarioCategory] ?? 'zinc'}>{s.category}</Badge>
                    </span>
                  </td>
                  <td className="px-2 py-2">
                    <RunStatusBadge status={status} />
                  </td>
                  <td className="px-2 py-2 tabular-nums text-zinc-700 dark:text-zinc-300" data-testid="study-counts">
                    <span title="succeeded">{s.succeeded} ✓</span>
                    {s.failed ? <span className="ml-2 text-red-700 dark:text-red-400" title="failed">{s.failed} ✗</span> : null}
                    {s.active ? <span className="ml-2 text-brand-600 dark:text-blue-400" title="waiting, queued or running">{s.active} active</span> : null}
                    <span className="ml-1 text-zinc-500"> of {s.runCount}</span>
                  </td>
                  <td className="px-2 py-2">
                    <Badge tone={review.tone}>{review.text}</Badge>
                  </td>
                  <td className="whitespace-nowrap px-2 py-2 text-zinc-600 dark:text-zinc-400">{formatDate(s.createdAt)}</td>
                </tr>
              );
            })}
          </Table>
        </div>
      )}
    </>
  );
}
