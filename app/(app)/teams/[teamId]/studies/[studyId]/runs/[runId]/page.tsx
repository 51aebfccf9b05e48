import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card, formatDate, PageHeader, Table } from '@/app/_components/ui/ui';
import { orPageError } from '@/app/_lib/page-gate';
import { ProgressBar } from '@/app/_components/ui/progress-bar';
import { RunLossChart } from '@/app/_components/studies/run-loss-chart';
import { ExternalProvenance } from '@/app/_components/studies/external-provenance';
import { RunManifest } from '@/app/_components/studies/run-manifest';
import { RunAutoRefresh } from '@/app/_components/studies/run-refresh';
import { RunStatusBadge } from '@/app/_components/studies/run-status';
import { CommentsSection } from '@/app/_components/reviews/review-sections';
import { curveOf, formatPercentValue, formatPoints, formatSeconds, isActive, keyMetrics, lossesOf, phaseText, runLabel, SPLITS } from '@/app/_components/studies/study-format';
import { pageTeam } from '@/app/_lib/page-gate';
import { runDetails, studyFor } from '@/lib/studies/service';
import { absentExternalMetrics, externalReferenceOf } from '@/lib/studies/external-reference';
import { methodCatalogue } from '@/lib/unlearning/registry';

export const metadata = { title: 'Run' };

function fixed(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

export default async function RunPage({ params }: { params: Promise<{ teamId: string; studyId: string; runId: string }> }) {
  const { teamId, studyId, runId } = await params;
  const access = await pageTeam(teamId, 'team.read');
  const run = await orPageError(runDetails(access.actor, runId));
  // The URL's team and study must be the run's own: another team's run is simply not found.
  if (run.teamId !== teamId || run.studyId !== studyId) notFound();
  const study = await orPageError(studyFor(access.actor, studyId));
  const names = Object.fromEntries(methodCatalogue().map((m) => [m.id, m.name]));
  const label = runLabel(run, names);
  const m = keyMetrics(run.metrics);
  const gaps = ((run.metrics as { reference?: { gaps?: { gaps?: Record<string, { value: number; reference: number; gap: number }> } } } | null)?.reference?.gaps?.gaps ?? {}) as Record<
    string,
    { value: number; reference: number; gap: number }
  >;
  // Wall time of a finished attempt; a running one shows its start instead (the page is not a clock).
  // An external run was stored at once when uploaded: its times are the group's (provenance), not a span here.
  const elapsed = run.startedAt && run.finishedAt && !isActive(run.status) && !run.external ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : null;
  const reference = externalReferenceOf(run);
  const membership = (run.metrics as { membershipInference?: { lossThreshold?: { auc?: number; advantage?: number }; population?: { description?: string } } } | null)?.membershipInference;
  const mia = membership?.lossThreshold;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href={`/teams/${teamId}/studies`} className="hover:underline">
          Studies
        </Link>{' '}
        /{' '}
        <Link href={`/teams/${teamId}/studies/${studyId}`} className="hover:underline">
          {study.name}
        </Link>{' '}
        /
      </nav>
      <PageHeader title={`${label}, seed ${run.seed}${run.requestIndex ? `, request ${run.requestIndex + 1}` : ''}`} description={run.methodConfig && Object.keys(run.methodConfig).length ? `Hyperparameters: ${Object.entries(run.methodConfig).map(([k, v]) => `${k}=${String(v)}`).join(', ')}` : undefined} />
      <div className="space-y-6">
        <Card>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <div>
              <dt className="text-zinc-500">Status</dt>
              <dd className="mt-0.5">
                <RunStatusBadge status={run.status} testId="run-page-status" />
                {run.reusedFromRunId ? <span className="ml-2 text-xs text-zinc-500">model reused from an identical earlier run</span> : null}
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Worker</dt>
              <dd className="mt-0.5">{run.workerId ?? '—'} {run.attempt > 1 ? <span className="text-xs text-zinc-500">(attempt {run.attempt})</span> : null}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">Queued / started / finished</dt>
              <dd className="mt-0.5 text-xs">
                {formatDate(run.queuedAt)}
                <br />
                {formatDate(run.startedAt)}
                <br />
                {formatDate(run.finishedAt)}
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Wall time</dt>
              <dd className="mt-0.5 tabular-nums">{elapsed !== null ? formatSeconds(elapsed) : '—'}</dd>
            </div>
          </dl>
          {isActive(run.status) ? (
            <div className="mt-4 space-y-2">
              {run.status === 'running' ? <ProgressBar label={phaseText({ status: run.status, phase: run.phase, progressDetail: run.progressDetail })} value={run.progress} /> : <p className="text-sm">{phaseText(run)}</p>}
              <RunAutoRefresh active />
            </div>
          ) : null}
          {run.error ? (
            <div className="mt-4">
              <h2 className="text-sm font-semibold">Error</h2>
              <pre role="alert" className="mt-1 whitespace-pre-wrap rounded bg-red-50 p-2 text-xs text-red-800 dark:bg-red-950 dark:text-red-200" data-testid="run-page-error">
                {run.error}
              </pre>
            </div>
          ) : null}
        </Card>

        {run.external ? (
          <Card title="External run">
            <ExternalProvenance
              provenance={run.external}
              reference={reference}
              referenceHref={reference ? `/teams/${teamId}/studies/${studyId}/runs/${reference.runId}` : null}
              absent={absentExternalMetrics(run)}
            />
          </Card>
        ) : null}

        <Card
          title="Metrics"
          description={
            run.kind !== 'unlearned'
              ? undefined
              : run.external
                ? reference?.kind === 'lethe-retrain'
                  ? 'Each value next to Lethe’s retrain of the same seed (the reference); the gap is their distance.'
                  : 'Each value next to the group’s uploaded retrain of the same seed (the reference); the gap is their distance.'
                : 'Each value next to the same seed’s retrained model (the reference); the gap is their distance.'
          }
        >
          {m ? (
            <div className="space-y-4" data-testid="run-metrics">
              <Table label="Accuracy per split" head={['Split', 'Accuracy', ...(Object.keys(gaps).length ? ['Retrain', 'Gap'] : [])]}>
                {SPLITS.map((s) => (
                  <tr key={s} data-testid={`run-accuracy-${s}`}>
                    <th scope="row" className="px-2 py-1.5 text-left font-medium">
                      {s}
                    </th>
                    <td className="px-2 py-1.5 tabular-nums">{formatPercentValue(m.accuracy[s])}</td>
                    {Object.keys(gaps).length ? (
                      <>
                        <td className="px-2 py-1.5 tabular-nums">{formatPercentValue(gaps[`accuracy.${s}`]?.reference)}</td>
                        <td className="px-2 py-1.5 tabular-nums">{formatPoints(gaps[`accuracy.${s}`]?.gap)}</td>
                      </>
                    ) : null}
                  </tr>
                ))}
              </Table>
              <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
                <div>
                  <dt className="text-zinc-500" title={`Best-threshold attack on per-example loss, forget set (members) against ${membership?.population?.description ?? 'the test set'} (non-members); 0.5 means no separation`}>
                    MIA AUC (loss threshold)
                  </dt>
                  <dd className="mt-0.5 tabular-nums" data-testid="run-mia-auc">
                    {fixed(mia?.auc)} {mia?.advantage !== undefined ? <span className="text-xs text-zinc-500">advantage {fixed(mia.advantage)}</span> : null}
                  </dd>
                  {membership?.population?.description ? (
                    <dd className="mt-0.5 text-xs text-zinc-500" data-testid="run-mia-population">
                      non-members: {membership.population.description}
                    </dd>
                  ) : null}
                </div>
                <div>
                  <dt className="text-zinc-500">Compute time</dt>
                  <dd className="mt-0.5 tabular-nums">{m.seconds !== null ? formatSeconds(m.seconds) : '—'}</dd>
                </div>
                <div>
                  <dt className="text-zinc-500">Speedup over retraining</dt>
                  <dd className="mt-0.5 tabular-nums">{m.speedup !== null ? `${m.speedup.toFixed(1)}×` : '—'}</dd>
                </div>
                <div>
                  <dt className="text-zinc-500">Average gap to retrain</dt>
                  <dd className="mt-0.5 tabular-nums">{formatPoints(m.averageGap)}</dd>
                </div>
              </dl>
            </div>
          ) : (
            <p className="text-sm text-zinc-500">{run.status === 'succeeded' ? 'No metrics were stored.' : 'Metrics appear when the run succeeds.'}</p>
          )}
        </Card>

        {run.external ? null : (
          <Card title="Loss">
            <RunLossChart losses={lossesOf(run.progressDetail)} curve={curveOf(run.progressDetail)} title={`Loss of ${label}, seed ${run.seed}`} />
          </Card>
        )}

        <Card
          title="Manifest"
          description={
            run.external
              ? 'Seed, data hashes, the uploaded files’ hashes and the reference: what this external run was scored on.'
              : 'Seeds, configs, data hashes, ML backend, versions and timings: everything needed to reproduce this run.'
          }
        >
          {run.manifest ? <RunManifest manifest={run.manifest} /> : <p className="text-sm text-zinc-500">The manifest is written when the run succeeds.</p>}
        </Card>

        <Card title="Log">
          {run.log.length ? (
            <pre className="max-h-96 overflow-auto whitespace-pre-wrap rounded-md bg-zinc-100 p-3 text-xs dark:bg-zinc-950" data-testid="run-page-log">
              {run.log.map((l) => `${l.at}  ${l.message}`).join('\n')}
            </pre>
          ) : (
            <p className="text-sm text-zinc-500">Nothing logged.</p>
          )}
        </Card>

        <CommentsSection actor={access.actor} targetType="run" targetId={run.id} />
      </div>
    </>
  );
}
