import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionForm } from '@/app/_components/ui/action-form';
import { Badge, Card, formatDate, LinkButton, PageHeader } from '@/app/_components/ui/ui';
import { roleCan } from '@/lib/auth/permissions';
import { CATEGORY_TONES, formatCount, formatPercent, type ClientPreview } from '@/app/_components/scenarios/scenario-model';
import { canWriteScenarios } from '@/app/_components/scenarios/scenario-server';
import { orPageError } from '@/app/_lib/page-gate';
import { ScenarioSpecView } from '@/app/_components/scenarios/scenario-spec-view';
import { ScenarioPackageCard } from '@/app/_components/scenarios/scenario-package-card';
import { ScenarioSummary } from '@/app/_components/scenarios/scenario-summary';
import { pageTeam } from '@/app/_lib/page-gate';
import { PublishBenchmarkForm } from '@/app/_components/benchmarks/publish-benchmark-form';
import { scenarioBenchmarks } from '@/lib/benchmarks/service';
import { getScenario, scenarioFor } from '@/lib/datasets/scenarios';
import { deleteScenarioAction, duplicateScenarioAction } from '../actions';

export const metadata = { title: 'Scenario' };

const NOTICES: Record<string, string> = {
  created: 'Scenario saved.',
  saved: 'Changes saved.',
  duplicated: 'This is a copy; change it freely.',
  copied: 'A study uses the scenario you edited, so it cannot change (the study must keep seeing exactly what it ran on). Your edit was saved as this new scenario.',
};

export default async function ScenarioPage({ params, searchParams }: { params: Promise<{ teamId: string; scenarioId: string }>; searchParams: Promise<{ notice?: string; from?: string }> }) {
  const { teamId, scenarioId } = await params;
  const { notice, from } = await searchParams;
  const access = await pageTeam(teamId, 'team.read');
  const { scenario: row } = await orPageError(scenarioFor(access.actor, scenarioId, 'team.read'));
  // Another team's scenario is not found here, even for someone who is in both teams.
  if (row.teamId !== teamId) notFound();
  const s = await orPageError(getScenario(access.actor, scenarioId));
  const canWrite = canWriteScenarios(access);
  const canRun = access.role !== null && roleCan(access.role, 'team.run');
  const canPublish = access.role !== null && roleCan(access.role, 'team.publish');
  const benchmarks = await scenarioBenchmarks(access.actor, teamId, s.id);
  const hidden = [
    { name: 'teamId', label: '', type: 'hidden' as const, defaultValue: teamId },
    { name: 'scenarioId', label: '', type: 'hidden' as const, defaultValue: s.id },
  ];
  const noticeText = notice ? NOTICES[notice] : undefined;
  const requestKind = (s.spec.requests as { kind?: string } | undefined)?.kind;
  return (
    <>
      <PageHeader
        title={s.name}
        description={s.description || undefined}
        actions={
          canWrite ? (
            <>
              {canRun ? (
                <LinkButton href={`/teams/${teamId}/studies/new?scenarioId=${s.id}`} size="sm">
                  New study
                </LinkButton>
              ) : null}
              <LinkButton href={`/teams/${teamId}/scenarios/${s.id}/edit`} variant="secondary" size="sm">
                {s.locked ? 'Edit as new' : 'Edit'}
              </LinkButton>
              <ActionForm inline action={duplicateScenarioAction} submitLabel="Duplicate" variant="secondary" fields={hidden} />
              {s.locked ? null : (
                <ActionForm
                  inline
                  action={deleteScenarioAction}
                  submitLabel="Delete"
                  variant="danger"
                  confirm={`Delete the scenario "${s.name}"? This cannot be undone.`}
                  fields={[...hidden, { name: 'datasetId', label: '', type: 'hidden', defaultValue: s.datasetId }, { name: 'leave', label: '', type: 'hidden', defaultValue: 'yes' }]}
                />
              )}
            </>
          ) : null
        }
      />
      {noticeText ? (
        <p role="status" data-testid="scenario-notice" className={`mb-4 rounded-md px-3 py-2 text-sm ${notice === 'copied' ? 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200' : 'bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-300'}`}>
          {noticeText}
          {from && /^[0-9a-f-]{36}$/.test(from) ? (
            <>
              {' '}
              <Link href={`/teams/${teamId}/scenarios/${from}`} className="underline">
                Open the original
              </Link>
              .
            </>
          ) : null}
        </p>
      ) : null}
      {s.locked ? (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="locked-notice">
          <Badge tone="amber">locked</Badge> A study uses this scenario, so it cannot be changed or deleted. Editing saves your changes as a new scenario.
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="space-y-6">
          <Card title="Category">
            <div className="flex items-center gap-2">
              <Badge tone={CATEGORY_TONES[s.category]}>{s.category}</Badge>
              <span className="text-sm font-semibold">{s.template.title}</span>
            </div>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{s.template.explanation}</p>
            <h3 className="mt-3 text-xs font-semibold uppercase tracking-wide text-zinc-500">Key metrics</h3>
            <ul className="mt-1 list-disc pl-5 text-sm">
              {s.template.metrics.map((m) => (
                <li key={m.id}>{m.label}</li>
              ))}
            </ul>
          </Card>
          <Card title="Data">
            <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-y-2 text-sm">
              <dt className="text-zinc-500">Dataset</dt>
              <dd>
                <Link href={`/teams/${teamId}/datasets/${s.datasetId}`} className="text-brand-700 hover:underline dark:text-blue-300">
                  {s.datasetName}
                </Link>{' '}
                version {s.datasetVersion} ·{' '}
                <Link href={`/teams/${teamId}/datasets/${s.datasetId}/scenarios`} className="hover:underline">
                  its scenarios
                </Link>
              </dd>
              <dt className="text-zinc-500">Forget set</dt>
              <dd className="tabular-nums">
                {formatCount(s.forgetCount)} of {formatCount(s.trainCount)} training rows ({formatPercent(s.forgetShare)})
              </dd>
              <dt className="text-zinc-500">Forget-set hash</dt>
              <dd>
                <code className="text-xs" title={s.forgetSetHash}>
                  {s.forgetSetHash.slice(0, 16)}…
                </code>
              </dd>
              <dt className="text-zinc-500">Created</dt>
              <dd>{formatDate(s.createdAt)}</dd>
              <dt className="text-zinc-500">Changed</dt>
              <dd>{formatDate(s.updatedAt)}</dd>
              {s.duplicatedFrom ? (
                <>
                  <dt className="text-zinc-500">Copied from</dt>
                  <dd>
                    <Link href={`/teams/${teamId}/scenarios/${s.duplicatedFrom}`} className="hover:underline">
                      the original scenario
                    </Link>
                  </dd>
                </>
              ) : null}
            </dl>
          </Card>
          <Card title="Definition">
            <ScenarioSpecView spec={s.spec} />
          </Card>
          <ScenarioPackageCard
            scenarioId={s.id}
            sequential={requestKind === 'slices' || requestKind === 'growing'}
            externalStudyHref={canRun ? `/teams/${teamId}/studies/new?scenarioId=${s.id}&models=external` : undefined}
          />
          {benchmarks.length || canPublish ? (
            <Card title="Benchmark" description="Publishing shows this scenario, its package and a leaderboard to every signed-in user; other teams submit their external studies to it.">
              {benchmarks.length ? (
                <ul className="mb-3 space-y-1 text-sm" data-testid="scenario-benchmarks">
                  {benchmarks.map((b) => (
                    <li key={b.id}>
                      <Link href={`/benchmarks/${b.id}`} className="text-brand-700 underline dark:text-blue-300">
                        {b.name}
                      </Link>{' '}
                      {b.withdrawnAt ? <Badge tone="amber">withdrawn</Badge> : <Badge tone="green">published</Badge>}
                    </li>
                  ))}
                </ul>
              ) : null}
              {canPublish ? (
                <details data-testid="publish-benchmark">
                  <summary className="cursor-pointer text-sm font-medium">Publish as benchmark</summary>
                  <div className="mt-3">
                    <PublishBenchmarkForm teamId={teamId} scenarioId={s.id} scenarioName={s.name} />
                  </div>
                </details>
              ) : null}
            </Card>
          ) : null}
        </div>
        <Card title="Forget set" description="As resolved when the scenario was saved; the same spec always gives the same rows.">
          {/* The saved summary is the preview without poison images (kept small in the database). */}
          <ScenarioSummary preview={s.summary as unknown as ClientPreview} />
        </Card>
      </div>
    </>
  );
}
