/**
 * The public, read-only view behind a share link. Outside the signed-in layout on purpose: no
 * team navigation, no write controls, no comment form; the token is the only permission and it
 * opens exactly one study, comparison or benchmark. The dashboard is the one the team sees (the same
 * component), fed by lib/reviews/shared, which the token authorizes; its exports, per-run charts
 * and images load from /api/v1/shared/{token}/… (lib/reviews/shared-parts), the same token's
 * routes. A revoked, expired or unknown link answers 404 with one explanation (not-found.tsx).
 */
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Frame } from './share-frame';
import { Badge, formatDate } from '@/app/_components/ui/ui';
import { ReviewBadge } from '@/app/_components/reviews/review-status';
import { ResultsDashboard } from '@/app/_components/results/results-dashboard';
import { PerExampleEvidenceCard } from '@/app/_components/results/per-example-evidence-card';
import { AppError } from '@/lib/errors';
import { BenchmarkRecipeView } from '@/app/_components/benchmarks/benchmark-recipe';
import { LeaderboardView } from '@/app/_components/benchmarks/leaderboard';
import type { SharedBenchmark } from '@/lib/benchmarks/service';
import { sharedView, type SharedComparison, type SharedReview, type SharedStudy, type SharedView } from '@/lib/reviews/shared';
import { firstViewColumns, firstViewPayload, pagePayload } from '@/lib/results/page-payload';
import { parseViewState, type ViewState } from '@/lib/results/view-state';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Shared view', robots: { index: false, follow: false } };

/** The review status and the note it was set with; who set it stays inside the team. */
function SharedReviewPanel({ review }: { review: SharedReview }) {
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" aria-labelledby="shared-review-title" data-testid="shared-review">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="shared-review-title" className="text-base font-semibold">
          Review
        </h2>
        <ReviewBadge status={review.status} />
      </div>
      {review.status === 'none' ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No review yet.</p>
      ) : (
        <>
          {review.note ? <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300" data-testid="shared-review-note">“{review.note}”</p> : null}
          {review.setAt ? <p className="mt-1 text-xs text-zinc-500">Set {formatDate(review.setAt)}.</p> : null}
        </>
      )}
    </section>
  );
}

/** A shared benchmark: its recipe and leaderboard; each entry links to its own shared dashboard. The package needs an account. */
function SharedBenchmarkPage({ view }: { view: SharedBenchmark }) {
  const expiry = view.expiresAt ? `This link expires ${formatDate(view.expiresAt)}.` : 'This link works until it is revoked.';
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="shared-title">
        {view.name}
      </h1>
      {view.description ? <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{view.description}</p> : null}
      <p className="mt-1 text-sm text-zinc-500">
        A benchmark published by {view.teamName} on {formatDate(view.publishedAt)}, shared read-only. Its package is for signed-in users of this installation. {expiry}
      </p>
      <section className="mt-6 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="text-base font-semibold">Recipe</h2>
        <div className="mt-3">
          <BenchmarkRecipeView recipe={view.recipe} />
        </div>
        <p className="mt-3 break-words text-sm">
          Scenario: {view.scenario.name} <Badge>{view.scenario.category}</Badge> on {view.scenario.datasetName} v{view.scenario.datasetVersion}, forgetting {view.scenario.forgetCount} of {view.scenario.trainCount} training rows.
        </p>
      </section>
      <section className="mt-6 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h2 className="mb-3 text-base font-semibold">Leaderboard</h2>
        <LeaderboardView leaderboard={view.leaderboard} empty={<p className="text-sm text-zinc-600 dark:text-zinc-400">No entries yet.</p>} />
      </section>
    </>
  );
}

function Shared({ view, initialView, token }: { view: SharedStudy | SharedComparison; initialView: ViewState; token: string }) {
  const api = `/api/v1/shared/${token}`;
  // The first view in the HTML; the other metrics and the charts load from the link's own API.
  const results = firstViewPayload(pagePayload(view.results), firstViewColumns(view.results, initialView));
  const rest = { url: api, shape: 'shared' as const };
  const expiry = view.expiresAt ? `This link expires ${formatDate(view.expiresAt)}.` : 'This link works until it is revoked.';
  if (view.kind === 'comparison') {
    const runs = view.results.table.rows.reduce((n, r) => n + r.runsTotal, 0);
    return (
      <>
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="shared-title">
          {view.name}
        </h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          A saved comparison of {runs} run{runs === 1 ? '' : 's'} from {view.results.studies.length} stud{view.results.studies.length === 1 ? 'y' : 'ies'} on {view.results.dataset.name}, shared read-only. {expiry}
        </p>
        <div className="mt-6">
          <ResultsDashboard data={results} rest={rest} initialView={initialView} shareApi={api} exportUrl={`${api}/export`} />
        </div>
      </>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="shared-title">
        {view.name}
      </h1>
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
          <dd className="mt-0.5" data-testid="shared-model">
            {view.modelDescription}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Seeds / methods</dt>
          <dd className="mt-0.5">
            {view.seeds.length} seeds · {view.methods.length ? view.methods.join(', ') : view.external ? 'no method uploaded yet' : 'retrain only'}
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
      <div className="mt-6">
        <ResultsDashboard data={results} rest={rest} initialView={initialView} shareApi={api} exportUrl={`${api}/export`} aside={<SharedReviewPanel review={view.review} />} />
      </div>
      <div className="mt-6">
        <PerExampleEvidenceCard rows={view.perExample} exportUrl={`${api}/per-example`} />
      </div>
    </>
  );
}

export default async function SharePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
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
      {view.kind === 'benchmark' ? <SharedBenchmarkPage view={view} /> : <Shared view={view} initialView={parseViewState(await searchParams)} token={token} />}
    </Frame>
  );
}
