/**
 * The public, read-only view behind a share link. Outside the signed-in layout on purpose: no
 * team navigation, no actions, no comment form; the token is the only permission and it opens
 * exactly one study or comparison. A revoked, expired or unknown link answers 404 with one
 * explanation (not-found.tsx).
 *
 * SharedRunsTable is a deliberately simple table; when the study dashboard offers a read-only
 * mode, it can replace SharedRunsTable here (the data comes from lib/reviews/shared).
 */
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Frame } from './share-frame';
import { Badge, Card, formatDate, Table } from '@/app/_components/ui/ui';
import { REVIEW_STATUS_LABELS, type ReviewStatusName } from '@/app/_components/reviews/review-api';
import { formatPercentValue, formatPoints } from '@/app/_components/studies/study-format';
import { AppError } from '@/lib/errors';
import { sharedView, type SharedRun, type SharedView } from '@/lib/reviews/shared';
import type { StudyVerdict } from '@/lib/results/verdict';
import { NullAndNoiseFloor, VerdictRule, VerdictSentences, VerdictWarnings } from '@/app/_components/results/verdict-panel';

/** The same verdict the dashboard shows (lib/results/verdict), with its rule and the power of each metric. */
function VerdictCard({ verdict, title }: { verdict: StudyVerdict; title: string }) {
  return (
    <Card title={title} description="Which methods come closest to retraining, by the rule stated below.">
      <div data-testid="shared-verdict">
        <VerdictWarnings warnings={verdict.warnings} />
        <VerdictSentences verdict={verdict} />
        <VerdictRule />
        <div className="mt-3">
          <NullAndNoiseFloor verdict={verdict} keys={['accuracy.forget', 'accuracy.retain', 'accuracy.test', 'mia.loss.auc']} />
        </div>
      </div>
    </Card>
  );
}

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Shared view', robots: { index: false, follow: false } };

function fixed(x: number | null, digits = 3): string {
  return x === null ? '—' : x.toFixed(digits);
}

function SharedRunsTable({ runs, withStudy }: { runs: SharedRun[]; withStudy: boolean }) {
  if (!runs.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No runs.</p>;
  return (
    <Table
      label="Runs"
      head={[...(withStudy ? ['Study'] : []), 'Model', 'Seed', 'Status', 'Forget acc.', 'Retain acc.', 'Test acc.', 'Forget gap', 'Test gap', 'MIA AUC']}
    >
      {runs.map((r, i) => (
        <tr key={i} data-testid="shared-run">
          {withStudy ? <td className="px-2 py-1.5">{r.studyName}</td> : null}
          <th scope="row" className="px-2 py-1.5 text-left font-medium">
            {r.label}
            {r.requestIndex ? <span className="text-xs text-zinc-500"> · request {r.requestIndex + 1}</span> : null}
          </th>
          <td className="px-2 py-1.5 tabular-nums">{r.seed}</td>
          <td className="px-2 py-1.5">{r.status}</td>
          <td className="px-2 py-1.5 tabular-nums">{formatPercentValue(r.accuracy.forget)}</td>
          <td className="px-2 py-1.5 tabular-nums">{formatPercentValue(r.accuracy.retain)}</td>
          <td className="px-2 py-1.5 tabular-nums">{formatPercentValue(r.accuracy.test)}</td>
          <td className="px-2 py-1.5 tabular-nums">{r.kind === 'unlearned' ? formatPoints(r.gap.forget) : ''}</td>
          <td className="px-2 py-1.5 tabular-nums">{r.kind === 'unlearned' ? formatPoints(r.gap.test) : ''}</td>
          <td className="px-2 py-1.5 tabular-nums">{fixed(r.miaAuc)}</td>
        </tr>
      ))}
    </Table>
  );
}

function describeModel(spec: Record<string, unknown>): string {
  if (spec.kind === 'mlp') return `MLP, hidden ${Array.isArray(spec.hidden) ? spec.hidden.join('×') : '?'}`;
  if (spec.kind === 'cnn') return 'CNN';
  return 'logistic regression';
}

function Shared({ view }: { view: SharedView }) {
  const expiry = view.expiresAt ? `This link expires ${formatDate(view.expiresAt)}.` : 'This link works until it is revoked.';
  if (view.kind === 'comparison') {
    return (
      <>
        <h1 className="text-2xl font-semibold tracking-tight">{view.name}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          A saved comparison of {view.runs.length} runs, shared read-only. {expiry}
        </p>
        <div className="mt-6 space-y-6">
          {view.verdicts.map((v) => (
            <VerdictCard key={v.studyName} verdict={v.verdict} title={`Verdict: ${v.studyName}`} />
          ))}
          <Card title="Runs">
            <SharedRunsTable runs={view.runs} withStudy />
          </Card>
        </div>
      </>
    );
  }
  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="shared-title">
          {view.name}
        </h1>
        <Badge tone={view.reviewStatus === 'approved' ? 'green' : view.reviewStatus === 'changes_requested' ? 'amber' : 'zinc'}>{REVIEW_STATUS_LABELS[view.reviewStatus as ReviewStatusName] ?? view.reviewStatus}</Badge>
      </div>
      {view.description ? <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{view.description}</p> : null}
      <p className="mt-1 text-sm text-zinc-500">A study shared read-only. {expiry}</p>
      <dl className="mt-6 grid gap-x-6 gap-y-3 rounded-lg border border-zinc-200 bg-white p-4 text-sm shadow-sm sm:grid-cols-2 lg:grid-cols-4 dark:border-zinc-800 dark:bg-zinc-900">
        <div>
          <dt className="text-zinc-500">Dataset</dt>
          <dd className="mt-0.5">{view.dataset ? `${view.dataset.name} v${view.dataset.version}` : '—'}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Scenario</dt>
          <dd className="mt-0.5">
            {view.scenario ? (
              <>
                {view.scenario.name} <Badge>{view.scenario.category}</Badge>
                <span className="block text-xs text-zinc-500">
                  forgets {view.scenario.forgetCount} of {view.scenario.trainCount} training rows
                </span>
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Model</dt>
          <dd className="mt-0.5">{describeModel(view.model)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Seeds / methods</dt>
          <dd className="mt-0.5">
            {view.seeds.length} seeds · {view.methods.length ? view.methods.join(', ') : 'retrain only'}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Created</dt>
          <dd className="mt-0.5">{formatDate(view.createdAt)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Finished</dt>
          <dd className="mt-0.5">{formatDate(view.finishedAt)}</dd>
        </div>
      </dl>
      <div className="mt-6 space-y-6">
        <VerdictCard verdict={view.verdict} title="Verdict" />
        <Card title="Runs" description="Accuracy per split; gaps are the method minus the retrained model of the same seed, in percentage points.">
          <SharedRunsTable runs={view.runs} withStudy={false} />
        </Card>
        {view.distinguishability.length ? (
          <Card title="Distinguishability from retraining" description="Forget quality F in [0, 1] (NeurIPS 2023 challenge rules), with N models per side and the ε ceiling they allow.">
            <Table label="Distinguishability" head={['Method', 'Seeds', 'F', 'Final score', 'N', 'ε ceiling', 'Note']}>
              {view.distinguishability.map((d, i) => (
                <tr key={i}>
                  <th scope="row" className="px-2 py-1.5 text-left font-medium">
                    {d.label}
                  </th>
                  <td className="px-2 py-1.5 tabular-nums">{d.seeds}</td>
                  <td className="px-2 py-1.5 tabular-nums">{d.epsilonCeiling === 0 ? `not computable with N = ${d.numModels}` : fixed(d.forgetQuality)}</td>
                  <td className="px-2 py-1.5 tabular-nums">{fixed(d.finalScore)}</td>
                  <td className="px-2 py-1.5 tabular-nums">{d.numModels ?? '—'}</td>
                  <td className="px-2 py-1.5 tabular-nums">{d.epsilonCeiling ?? '—'}</td>
                  <td className="px-2 py-1.5 text-xs text-zinc-600 dark:text-zinc-400">{d.epsilonCeiling === 0 ? 'N = 2 gives a ceiling of 0: the score says nothing.' : (d.note ?? '')}</td>
                </tr>
              ))}
            </Table>
          </Card>
        ) : null}
      </div>
    </>
  );
}

export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let view: SharedView;
  try {
    view = await sharedView(token);
  } catch (err) {
    // Unknown, revoked and expired links answer 404 (not-found.tsx beside this page explains).
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
  return (
    <Frame>
      <Shared view={view} />
    </Frame>
  );
}
