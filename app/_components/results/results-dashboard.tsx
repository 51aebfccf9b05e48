'use client';
/**
 * A results dashboard (a study's, or a comparison's): the headline, the runs table with its
 * view controls, exports, and the charts. The whole view state lives in the URL (replaced in
 * place, without a server round trip), so copying the address reproduces the view. `aside`
 * is a slot beside the headline for what other features add (comments, review status).
 *
 * A page hands it a first view (lib/results/page-payload firstViewPayload: the shown columns,
 * no chart series) and `rest`, where the rest loads from after the page; until then the charts
 * and the column picker say they are loading.
 *
 * The share page renders this same component with `shareApi`, the share link's API: exports
 * and the charts that load per-run data go through it (the token is the permission) instead of
 * the gated team routes, and nothing that writes ("Save comparison") is offered; view controls
 * stay, since they only change what this browser shows.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { metricInfo } from '@/lib/results/catalogue';
import type { ResultsData } from '@/lib/results/study-results-service';
import { differingColumns, sortRows, viewQuery, type ComparisonSelection, type ShowMode, type SortState, type ViewState } from '@/lib/results/view-state';
import { ResultsChartsGrid } from './results-charts';
import { ResultsTable } from './results-table';
import { Disqualified, NullAndNoiseFloor, VerdictRule, VerdictWarnings } from './verdict-panel';
import { intervalFootnote } from '@/lib/results/format';
import { methodKey, type StudyVerdict } from '@/lib/results/verdict';
import { buttonClass } from '@/app/_components/ui/ui';
import { sumRunCounts } from '@/lib/results/aggregate';
import { LiveResults } from './live-results';
import { SweepSection } from './sweep-section';
import { isFirstView, pagePayload, unpackFirstView, type FirstView, type RestOfResults } from '@/lib/results/page-payload';

function ColumnPicker({ metrics, keyMetrics, chosen, onChange, unavailable }: { metrics: string[]; keyMetrics: string[]; chosen: string[]; onChange: (cols: string[]) => void; unavailable: string | null }) {
  const set = new Set(chosen);
  const toggle = (k: string) => onChange(metrics.filter((m) => (m === k ? !set.has(k) : set.has(m))));
  return (
    <details className="relative" data-testid="column-picker">
      <summary className={`${buttonClass('secondary', 'sm')} cursor-pointer list-none`}>Columns ({chosen.length})</summary>
      <div className="absolute left-0 z-20 mt-1 max-h-96 w-80 overflow-y-auto rounded-md border border-zinc-200 bg-white p-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        {unavailable ? (
          <p role="status" className="text-zinc-600 dark:text-zinc-400">
            {unavailable}
          </p>
        ) : (
          <>
        <div className="mb-1 flex gap-2">
          <button type="button" className="text-brand-600 hover:underline dark:text-blue-400" onClick={() => onChange(metrics)}>
            all
          </button>
          <button type="button" className="text-brand-600 hover:underline dark:text-blue-400" onClick={() => onChange(keyMetrics)}>
            key metrics only
          </button>
        </div>
        {metrics.map((k) => (
          <label key={k} className="flex items-start gap-1.5 py-0.5" title={metricInfo(k).help}>
            <input type="checkbox" checked={set.has(k)} onChange={() => toggle(k)} className="mt-0.5" data-testid={`column-${k}`} />
            <span>
              {metricInfo(k).label}
              {keyMetrics.includes(k) ? <span className="ml-1 text-zinc-500">(key)</span> : null}
            </span>
          </label>
        ))}
          </>
        )}
      </div>
    </details>
  );
}

/**
 * The data a dashboard renders: its first view until the rest has loaded (then the whole data,
 * sized for a page as the server sizes it), or what it was given when that is everything. A new
 * first view (the page rendered again while runs finish) loads its rest again.
 */
function useRestOfResults(first: ResultsData, rest: RestOfResults | undefined): { data: ResultsData; restError: string | null } {
  const [loaded, setLoaded] = useState<{ of: ResultsData; data: ResultsData } | null>(null);
  const [failed, setFailed] = useState<{ of: ResultsData; message: string } | null>(null);
  useEffect(() => {
    if (first.complete !== false || !rest) return;
    const controller = new AbortController();
    fetch(rest.url, { signal: controller.signal, cache: 'no-store' })
      .then(async (res) => {
        const body = (await res.json().catch(() => null)) as { shared?: { results?: ResultsData }; error?: { message?: string } } | null;
        if (!res.ok || !body) throw new Error(body?.error?.message ?? `the server answered ${res.status}`);
        const results = rest.shape === 'shared' ? body.shared?.results : (body as ResultsData);
        if (!results?.table) throw new Error('the answer had no results');
        setLoaded({ of: first, data: pagePayload(results) });
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setFailed({ of: first, message: err.message === 'Failed to fetch' ? 'the server could not be reached' : err.message });
      });
    return () => controller.abort();
  }, [first, rest]);
  return { data: loaded?.of === first ? loaded.data : first, restError: failed?.of === first ? failed.message : null };
}

/** The null and noise floor of every metric, folded: its table is rendered once opened (it is most of the verdict's markup). */
function EveryMetricFloor({ verdict }: { verdict: StudyVerdict }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-2 text-sm" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Null and noise floor of every metric ({verdict.metrics.length})</summary>
      {open ? <NullAndNoiseFloor verdict={verdict} testId="null-noise-floor-all" /> : null}
    </details>
  );
}

function SaveComparison({ teamId, selection, view }: { teamId: string; selection: ComparisonSelection; view: ViewState }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    const res = await fetch(`/api/v1/teams/${teamId}/comparisons`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, runIds: selection.runs, baselineRunId: selection.baseline, viewState: view }),
    }).catch(() => null);
    setBusy(false);
    if (!res) return setError('The server did not answer.');
    const body = (await res.json()) as { id?: string; error?: { message: string } };
    if (!res.ok || !body.id) return setError(body.error?.message ?? `Saving failed (${res.status}).`);
    router.push(`/teams/${teamId}/comparisons/${body.id}?${viewQuery(view)}`);
  };
  return (
    <form
      className="flex flex-wrap items-center gap-2 print:hidden"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      data-testid="save-comparison"
    >
      <label className="text-sm">
        <span className="sr-only">Comparison name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Name this comparison" className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900" aria-label="Comparison name" required maxLength={200} />
      </label>
      <button type="submit" className={buttonClass('primary', 'sm')} disabled={busy || !name.trim()}>
        {busy ? 'Saving…' : 'Save comparison'}
      </button>
      {error ? <span className="text-sm text-red-600 dark:text-red-400">{error}</span> : null}
    </form>
  );
}

export function ResultsDashboard({
  data: given,
  initialView,
  selection,
  exportUrl,
  saveTeamId,
  aside,
  shareApi,
  eventsUrl,
  rest,
}: {
  /** Everything, or a first view (firstViewPayload) whose rest loads from `rest`. */
  data: ResultsData | FirstView;
  initialView: ViewState;
  selection?: ComparisonSelection;
  /** Export route; format and columns are appended. Without it, no export links. */
  exportUrl?: string;
  /** Shows "Save comparison" for an unsaved selection. */
  saveTeamId?: string;
  aside?: ReactNode;
  /** A share link's view: its API (/api/v1/shared/{token}) serves the per-run charts; nothing writes. */
  shareApi?: string;
  /** The study's run events (team pages); without it a running dashboard re-renders on a timer. */
  eventsUrl?: string;
  /** Where the rest of a first view loads from after the page. */
  rest?: RestOfResults;
}) {
  const first = useMemo(() => (isFirstView(given) ? unpackFirstView(given) : given), [given]);
  const { data, restError } = useRestOfResults(first, rest);
  const table = data.table;
  const [view, setView] = useState<ViewState>(() => ({ ...initialView, cols: initialView.cols?.filter((c) => table.metrics.includes(c)) ?? null }));
  const [copied, setCopied] = useState(false);
  const update = useCallback(
    (change: Partial<ViewState>) => {
      setView((current) => {
        const next = { ...current, ...change };
        const q = viewQuery(next, selection);
        // In place: the URL carries the view for sharing; the data need not be loaded again.
        window.history.replaceState(window.history.state, '', `${window.location.pathname}${q ? `?${q}` : ''}`);
        return next;
      });
    },
    [selection],
  );
  const chosen = view.cols ?? table.defaultColumns;
  const columns = view.diff ? differingColumns(table.rows, chosen, view.show) : chosen;
  const rows = useMemo(() => sortRows(table.rows, view.sort), [table.rows, view.sort]);
  const highlight = new Set(data.headline.criteria.flatMap((c) => c.winners.map((w) => w.rowKey)));
  const exportHref = (url: string, format: 'csv' | 'json') => `${url}${url.includes('?') ? '&' : '?'}format=${format}${columns.length ? `&cols=${encodeURIComponent(columns.join(','))}` : ''}`;
  const copyLink = async () => {
    await navigator.clipboard?.writeText(window.location.href).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  const counts = useMemo(() => sumRunCounts(table.rows.map((r) => r.runCounts)), [table.rows]);
  return (
    <div className="space-y-6" data-testid="results-dashboard">
      <LiveResults active={data.status === 'running' || data.status === 'waiting'} counts={counts} eventsUrl={eventsUrl ?? null} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_auto]">
        <section className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="results-headline" aria-labelledby="headline-title">
          <h2 id="headline-title" className="text-base font-semibold">
            Which methods come closest to {table.baselineLabel.toLowerCase().startsWith('retrain') ? 'retraining' : table.baselineLabel}
          </h2>
          <VerdictWarnings warnings={data.headline.warnings} />
          {data.headline.criteria.length ? (
            <ul className="mt-2 space-y-1.5 text-sm">
              {data.headline.criteria.map((c) => (
                <li key={c.criterion.id} data-testid={`headline-${c.criterion.id}`}>
                  {c.sentence}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No method has results to compare yet.</p>
          )}
          <VerdictRule />
          <p className="mt-3 text-xs text-zinc-500" data-testid="interval-footnote">
            {intervalFootnote(table.seeds.length)} Gaps are |method − {table.baselineLabel}| per seed. {table.category ? `Key metrics for a ${table.category} scenario come first.` : ''}
          </p>
          {table.notes.map((n) => (
            <p key={n} className="mt-1 text-xs text-amber-700 dark:text-amber-400">
              {n}
            </p>
          ))}
        </section>
        {aside ? <aside className="lg:w-80" data-testid="results-aside">{aside}</aside> : null}
      </div>

      {data.headline.verdicts.length ? (
        <section className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" aria-labelledby="power-title" data-testid="verdict-power">
          <h2 id="power-title" className="text-base font-semibold">
            Null and noise floor: which metrics can tell doing nothing from retraining
          </h2>
          {data.headline.verdicts.map((v) => (
            <div key={v.studyId} className="mt-2">
              {data.headline.verdicts.length > 1 ? <h3 className="text-sm font-medium">{data.studies.find((s) => s.id === v.studyId)?.name ?? 'Study'}</h3> : null}
              <NullAndNoiseFloor verdict={v} keys={table.keyMetrics} />
              {data.complete !== false && v.metrics.length > table.keyMetrics.length ? (
                <EveryMetricFloor verdict={v} />
              ) : null}
              <Disqualified verdict={v} label={(key, methodId) => {
                  const row = table.rows.find((r) => r.studyId === v.studyId && r.kind === 'unlearned' && methodKey(r.methodId, r.methodConfig, r.requestIndex) === key);
                  return row ? (row.detail ? `${row.label} (${row.detail})` : row.label) : methodId;
                }} />
            </div>
          ))}
        </section>
      ) : null}

      <SweepSection data={data} />

      <section className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" aria-labelledby="table-title">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="table-title" className="text-base font-semibold">
            Runs
          </h2>
          <div className="flex flex-wrap items-center gap-2 text-sm print:hidden">
            <ColumnPicker metrics={table.metrics} keyMetrics={table.keyMetrics} chosen={chosen} onChange={(cols) => update({ cols })} unavailable={data.complete !== false ? null : restError ? 'The other metrics could not be loaded. Reload the page to try again.' : `Loading the values of all ${table.metrics.length} metrics…`} />
            <label className="flex items-center gap-1.5">
              <span className="text-zinc-600 dark:text-zinc-400">Show</span>
              <select value={view.show} onChange={(e) => update({ show: e.target.value as ShowMode })} className="rounded border border-zinc-300 bg-white px-1.5 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900" data-testid="show-mode">
                <option value="both">value and gap</option>
                <option value="value">value</option>
                <option value="gap">gap to baseline</option>
              </select>
            </label>
            <label className="flex items-center gap-1.5">
              <input type="checkbox" checked={view.diff} onChange={(e) => update({ diff: e.target.checked })} data-testid="differences-only" />
              Differences only
            </label>
            {view.sort ? (
              <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => update({ sort: null })}>
                Clear sort
              </button>
            ) : null}
            {exportUrl ? (
              <>
                <a className={buttonClass('secondary', 'sm')} href={exportHref(exportUrl, 'csv')} download data-testid="export-csv">
                  CSV
                </a>
                <a className={buttonClass('secondary', 'sm')} href={`${exportUrl}${exportUrl.includes('?') ? '&' : '?'}format=csv&rows=seeds`} download data-testid="export-csv-seeds" title="One line per run: every metric of every seed">
                  CSV per seed
                </a>
                <a className={buttonClass('secondary', 'sm')} href={exportHref(exportUrl, 'json')} download data-testid="export-json" title="The table’s means and intervals, and every run’s metrics per seed">
                  JSON
                </a>
              </>
            ) : null}
            <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => window.print()}>
              Print report
            </button>
            <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => void copyLink()} data-testid="copy-link">
              {copied ? 'Link copied' : 'Copy link to this view'}
            </button>
          </div>
        </div>
        {view.diff && columns.length < chosen.length ? (
          <p className="mb-2 text-xs text-zinc-500" data-testid="hidden-columns">
            {chosen.length - columns.length} column{chosen.length - columns.length === 1 ? '' : 's'} with the same value in every row hidden.
          </p>
        ) : null}
        <ResultsTable rows={rows} columns={columns} show={view.show} sort={view.sort} onSort={(sort: SortState) => update({ sort })} baselineLabel={table.baselineLabel} highlight={highlight} />
        {saveTeamId && selection ? (
          <div className="mt-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
            <SaveComparison teamId={saveTeamId} selection={selection} view={view} />
          </div>
        ) : null}
      </section>

      {data.complete === false ? (
        <section className="rounded-lg border border-zinc-200 bg-white p-5 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="results-charts-pending">
          <h2 className="text-base font-semibold">Charts</h2>
          {restError ? (
            <p role="alert" className="mt-2 text-red-700 dark:text-red-400">
              The charts could not be loaded ({restError}). Reload the page to try again.
            </p>
          ) : (
            <p role="status" className="mt-2 text-zinc-600 dark:text-zinc-400">
              Loading the charts…
            </p>
          )}
        </section>
      ) : (
        <ResultsChartsGrid data={data} view={view} onView={update} shareApi={shareApi} />
      )}
    </div>
  );
}
