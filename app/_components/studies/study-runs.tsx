'use client';
/**
 * The live part of a study page: the study-level actions, the "all done" banner and the runs
 * table grouped by kind (originals, retrains, then each method), kept current without reloads.
 * Each group first shows one line (its seeds, statuses and means); its runs load when it is
 * expanded, so the page's first HTML stays small for a study of hundreds of runs.
 *
 * Updates come from the study's Server-Sent Events; if EventSource is missing or the stream
 * errors, the page polls `GET /api/v1/studies/{id}/runs-table` every 2 s instead. Events carry
 * no metrics (they stay small), so when a run newly succeeds that table (runs with their key
 * metrics, not whole metrics records) is fetched once.
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Fragment, memo, useCallback, useEffect, useRef, useState } from 'react';
import { ProgressBar } from '@/app/_components/ui/progress-bar';
import { RunLossChart, RunLossSparkline } from './run-loss-chart';
import { RunStatusBadge } from './run-status';
import {
  curveOf,
  formatPercentValue,
  formatPoints,
  formatSeconds,
  isActive,
  lossesOf,
  phaseText,
  orderedRunGroups,
  runGroupSummaries,
  runLabel,
  SPLITS,
  timing,
  type KeyMetrics,
  type RunJson,
  type RunGroupSummary,
  type RunGroupsJson,
  type RunRowJson,
  type RunStatusName,
  type RunsTableJson,
  type StudyStatusName,
} from './study-format';
import { buttonClass } from '@/app/_components/ui/ui';

interface StudyJson {
  status: StudyStatusName;
  runs: RunJson[];
}

/** Key metrics per run id: undefined while not fetched, null for a succeeded run without a record. */
type Metrics = Record<string, KeyMetrics | null | undefined>;

const POLL_MS = 2000;

function studyActive(status: string): boolean {
  return status === 'running' || status === 'waiting';
}

/** A clock for elapsed times and ETAs; it ticks only while something runs. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

async function postJson(url: string): Promise<{ ok: boolean; status: number; body: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return { ok: res.ok, status: res.status, body: await res.json().catch(() => null) };
}

function errorMessage(body: unknown, status: number): string {
  return (body as { error?: { message?: string } } | null)?.error?.message ?? `The server answered ${status}.`;
}

interface RunLogEntry {
  at: string;
  message: string;
}

function RunDetailsPanel({ run, id, teamId, studyId }: { run: RunRowJson; id: string; teamId: string; studyId: string }) {
  const [log, setLog] = useState<RunLogEntry[] | null>(null);
  // The table's rows carry a thinned loss curve (sparklineDetail); the run's endpoint has it whole.
  const [fullDetail, setFullDetail] = useState<Record<string, unknown> | null>(null);
  const [logError, setLogError] = useState<string | null>(null);
  const loadedFor = useRef<string>('');
  // The log lives only on the run's own endpoint; fetch it when the panel opens, and again when
  // the run changes state (a retry appends to it).
  useEffect(() => {
    const key = `${run.id}:${run.status}:${run.attempt}`;
    if (loadedFor.current === key) return;
    loadedFor.current = key;
    const controller = new AbortController();
    fetch(`/api/v1/runs/${run.id}`, { signal: controller.signal })
      .then(async (res) => {
        const body: unknown = await res.json().catch(() => null);
        if (!res.ok) throw new Error(errorMessage(body, res.status));
        setLog(((body as { log?: RunLogEntry[] }).log ?? []) as RunLogEntry[]);
        setFullDetail((body as { progressDetail?: Record<string, unknown> }).progressDetail ?? null);
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setLogError(err.message);
      });
    return () => controller.abort();
  }, [run.id, run.status, run.attempt]);
  // While the run is active its live events carry the whole curve; after, the fetched one is whole.
  const detail = !isActive(run.status) && fullDetail ? fullDetail : run.progressDetail;
  return (
    <div id={id} className="space-y-3 bg-zinc-50 px-3 py-3 dark:bg-zinc-950/60" data-testid="run-details">
      {run.error ? (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Error</h4>
          <pre className="mt-1 whitespace-pre-wrap rounded bg-red-50 p-2 text-xs text-red-800 dark:bg-red-950 dark:text-red-200" data-testid="run-error">
            {run.error}
          </pre>
        </div>
      ) : null}
      <RunLossChart losses={lossesOf(detail)} curve={curveOf(detail)} title={`Loss of run ${run.id}`} />
      <div>
        <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Log</h4>
        {logError ? <p className="text-xs text-red-600">{logError}</p> : null}
        {log === null && !logError ? <p className="text-xs text-zinc-500">Loading…</p> : null}
        {log && log.length === 0 ? <p className="text-xs text-zinc-500">Nothing logged.</p> : null}
        {log && log.length > 0 ? (
          <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap rounded bg-white p-2 text-xs dark:bg-zinc-900" data-testid="run-log">
            {log.map((l) => `${l.at}  ${l.message}`).join('\n')}
          </pre>
        ) : null}
      </div>
      <Link href={`/teams/${teamId}/studies/${studyId}/runs/${run.id}`} className="text-sm text-brand-600 underline dark:text-blue-400">
        Open the run page (metrics, manifest)
      </Link>
    </div>
  );
}

/**
 * The clock re-renders every row each second while runs are active; the sparkline only needs to
 * redraw when its run's progress detail object changes (a new event), so it is memoised on it.
 */
const Sparkline = memo(function Sparkline({ detail, label }: { detail: Record<string, unknown>; label: string }) {
  return <RunLossSparkline losses={lossesOf(detail)} curve={curveOf(detail)} label={label} />;
});

const COLUMNS = ['Seed', 'Status', 'Progress', 'Time', 'Loss', 'Forget acc.', 'Retain acc.', 'Test acc.', 'Gap to retrain', ''];

function RunRow({
  run,
  metrics,
  label,
  teamId,
  studyId,
  now,
  canRun,
  showRequest,
  busy,
  onAction,
}: {
  run: RunRowJson;
  metrics: KeyMetrics | null;
  label: string;
  teamId: string;
  studyId: string;
  now: number;
  canRun: boolean;
  showRequest: boolean;
  busy: boolean;
  onAction: (run: RunRowJson, action: 'cancel' | 'retry') => void;
}) {
  const [open, setOpen] = useState(false);
  const panelId = `run-panel-${run.id}`;
  const { elapsed, eta } = timing(run, now);
  const m = run.status === 'succeeded' ? metrics : null;
  const gapTitle = m?.accuracyGap ? SPLITS.map((s) => `${s} ${formatPoints(m.accuracyGap[s])}`).join(', ') : '';
  const name = `${label}, seed ${run.seed}${showRequest ? `, request ${run.requestIndex + 1}` : ''}`;
  return (
    <>
      <tr data-testid={`run-row`} data-kind={run.kind} data-method={run.methodId ?? ''} data-seed={run.seed} data-status={run.status} aria-label={name}>
        <td className="whitespace-nowrap px-2 py-2 tabular-nums">
          <Link href={`/teams/${teamId}/studies/${studyId}/runs/${run.id}`} className="text-brand-600 hover:underline dark:text-blue-400" aria-label={`Open run: ${name}`}>
            {run.seed}
          </Link>
          {showRequest ? <span className="ml-1 text-xs text-zinc-500">req {run.requestIndex + 1}</span> : null}
        </td>
        <td className="px-2 py-2">
          <div className="flex flex-wrap items-center gap-1">
            <RunStatusBadge status={run.status} testId="run-status" />
            {run.reused ? (
              <span className="rounded border border-zinc-300 px-1 text-[11px] text-zinc-600 dark:border-zinc-700 dark:text-zinc-400" title="The model of an identical earlier run was reused" data-testid="run-reused">
                reused
              </span>
            ) : null}
          </div>
          {run.workerId ? (
            <div className="mt-0.5 max-w-28 truncate text-[11px] text-zinc-500" title={`worker ${run.workerId}`}>
              {run.workerId}
            </div>
          ) : null}
        </td>
        <td className="min-w-44 px-2 py-2">
          {run.status === 'running' ? (
            <ProgressBar label={phaseText(run)} value={run.progress} testId="run-progress" />
          ) : isActive(run.status) ? (
            <span className="text-xs text-zinc-600 dark:text-zinc-400">{phaseText(run)}</span>
          ) : run.status === 'failed' && run.error ? (
            <span className="line-clamp-2 text-xs text-red-700 dark:text-red-400" title={run.error}>
              {run.error}
            </span>
          ) : (
            // The status badge already says how it ended; a repeat would only add noise.
            <span className="text-xs text-zinc-400">—</span>
          )}
        </td>
        <td className="whitespace-nowrap px-2 py-2 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {elapsed !== null ? <div>{formatSeconds(elapsed)}</div> : '—'}
          {eta !== null ? <div title="Estimated time left, from progress so far">≈ {formatSeconds(eta)} left</div> : null}
        </td>
        <td className="px-2 py-2">
          <Sparkline detail={run.progressDetail} label={name} />
        </td>
        {SPLITS.map((s) => (
          <td key={s} className="px-2 py-2 text-right tabular-nums" data-testid={`metric-${s}`}>
            {m ? formatPercentValue(m.accuracy[s]) : <span className="text-zinc-400">—</span>}
          </td>
        ))}
        <td className="px-2 py-2 text-right tabular-nums" title={gapTitle ? `Accuracy gaps: ${gapTitle}` : undefined} data-testid="metric-gap">
          {m && m.averageGap !== null ? formatPoints(m.averageGap) : <span className="text-zinc-400">—</span>}
        </td>
        <td className="whitespace-nowrap px-2 py-2 text-right">
          <div className="flex justify-end gap-1">
            {canRun && isActive(run.status) ? (
              <button type="button" className={buttonClass('secondary', 'sm')} disabled={busy} onClick={() => onAction(run, 'cancel')} aria-label={`Cancel run: ${name}`}>
                Cancel
              </button>
            ) : null}
            {canRun && (run.status === 'failed' || run.status === 'cancelled') ? (
              <button type="button" className={buttonClass('secondary', 'sm')} disabled={busy} onClick={() => onAction(run, 'retry')} aria-label={`Retry run: ${name}`}>
                Retry
              </button>
            ) : null}
            <button
              type="button"
              className={buttonClass('secondary', 'sm')}
              aria-expanded={open}
              aria-controls={panelId}
              aria-label={`${open ? 'Hide' : 'Show'} details: ${name}`}
              onClick={() => setOpen((o) => !o)}
            >
              {run.status === 'failed' ? 'Error & log' : 'Details'}
            </button>
          </div>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={COLUMNS.length} className="p-0">
            <RunDetailsPanel run={run} id={panelId} teamId={teamId} studyId={studyId} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

const SUMMARY_STATUSES: RunStatusName[] = ['succeeded', 'failed', 'cancelled', 'running', 'queued', 'waiting'];

function statusCountsText(counts: RunGroupSummary['statusCounts']): string {
  return SUMMARY_STATUSES.filter((s) => counts[s])
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

/** A group folded to one line: its seeds, where its runs stand, the means of its metrics, and the button that lists its runs. */
function GroupSummaryRow({ group, label, expanded, controls, onToggle }: { group: RunGroupSummary; label: string; expanded: boolean; controls: string; onToggle: () => void }) {
  const over = `Mean over the ${group.withMetrics} run${group.withMetrics === 1 ? '' : 's'} of ${label} with metrics`;
  return (
    <tr data-testid="run-group-summary" data-runs={group.runs}>
      <td className="whitespace-nowrap px-2 py-2 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
        {group.seeds} seed{group.seeds === 1 ? '' : 's'}
        {group.runs !== group.seeds ? <div>{group.runs} runs</div> : null}
        {group.withMetrics ? <div>mean of {group.withMetrics}</div> : null}
      </td>
      <td colSpan={4} className="px-2 py-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="group-status-counts">
        {statusCountsText(group.statusCounts)}
      </td>
      {SPLITS.map((s) => (
        <td key={s} className="px-2 py-2 text-right tabular-nums" title={group.meanAccuracy[s] !== undefined ? over : undefined} data-testid={`group-mean-${s}`}>
          {group.meanAccuracy[s] !== undefined ? formatPercentValue(group.meanAccuracy[s]) : <span className="text-zinc-400">—</span>}
        </td>
      ))}
      <td className="px-2 py-2 text-right tabular-nums" title={group.meanGap !== null ? `Mean over the ${group.withGap} run${group.withGap === 1 ? '' : 's'} compared with their retrain` : undefined} data-testid="group-mean-gap">
        {group.meanGap !== null ? formatPoints(group.meanGap) : <span className="text-zinc-400">—</span>}
      </td>
      <td className="whitespace-nowrap px-2 py-2 text-right">
        <button type="button" className={buttonClass('secondary', 'sm')} aria-expanded={expanded} aria-controls={controls} aria-label={`${expanded ? 'Hide' : 'Show'} the ${group.runs} run${group.runs === 1 ? '' : 's'} of ${label}`} onClick={onToggle} data-testid="group-toggle">
          {expanded ? 'Hide runs' : `Show ${group.runs} run${group.runs === 1 ? '' : 's'}`}
        </button>
      </td>
    </tr>
  );
}

/**
 * The runs table: per group its header, its summary line and, when expanded, its runs (or why
 * they are not there yet). Keyboard and screen readers reach a group's runs through its toggle,
 * a button that says how many runs it shows and controls the group's rows.
 */
export function RunGroupsTable({
  groups,
  groupRuns,
  expanded,
  groupErrors,
  metrics,
  methodNames,
  teamId,
  studyId,
  now,
  canRun,
  busy,
  onToggle,
  onReload,
  onAction,
}: {
  groups: RunGroupSummary[];
  /** The runs known per group key, ordered. */
  groupRuns: ReadonlyMap<string, RunRowJson[]>;
  expanded: ReadonlySet<string>;
  groupErrors: Record<string, string>;
  metrics: Metrics;
  methodNames: Record<string, string>;
  teamId: string;
  studyId: string;
  now: number;
  canRun: boolean;
  busy: boolean;
  onToggle: (key: string) => void;
  onReload: (key: string) => void;
  onAction: (run: RunRowJson, action: 'cancel' | 'retry') => void;
}) {
  return (
  <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900" role="region" aria-label="Runs table" tabIndex={0}>
    <table className="w-full text-left text-sm" aria-label="Runs of the study">
      <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
        <tr>
          {COLUMNS.map((c, i) => (
            <th key={i} scope="col" className={`px-2 py-2 font-medium ${i >= 5 && i <= 8 ? 'text-right' : ''}`}>
              {c || <span className="sr-only">Actions</span>}
            </th>
          ))}
        </tr>
      </thead>
      {groups.map((group, index) => {
        const title = runLabel(group, methodNames);
        const config = group.kind === 'unlearned' && group.methodConfig && Object.keys(group.methodConfig).length ? group.methodConfig : null;
        const open = expanded.has(group.key);
        const members = open ? groupRuns.get(group.key) : undefined;
        const error = groupErrors[group.key];
        const bodyId = `run-group-${index}`;
        const showRequest = members?.some((r) => r.requestIndex > 0) ?? false;
        return (
          <tbody key={group.key} id={bodyId} className="divide-y divide-zinc-100 border-b border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid={`run-group-${group.kind === 'unlearned' ? group.methodId : group.kind}`}>
            <tr className="bg-zinc-50 dark:bg-zinc-950/40">
              <th scope="rowgroup" colSpan={COLUMNS.length} className="px-2 py-1.5 text-left text-xs font-semibold">
                {title}
                <span className="ml-2 font-normal text-zinc-500">
                  {group.kind === 'original' ? 'trained on all training rows' : group.kind === 'retrain' ? 'trained from scratch without the forget set: the reference' : 'unlearned from the original'}
                </span>
                {config ? (
                  <span className="ml-2 font-normal text-zinc-500" title={JSON.stringify(config)}>
                    {Object.entries(config)
                      .map(([k, v]) => `${k}=${String(v)}`)
                      .join(', ')}
                  </span>
                ) : null}
              </th>
            </tr>
            <GroupSummaryRow group={group} label={title} expanded={open} controls={bodyId} onToggle={() => onToggle(group.key)} />
            {open && error ? (
              <tr>
                <td colSpan={COLUMNS.length} className="px-2 py-2 text-sm text-red-700 dark:text-red-400" role="alert">
                  {error}{' '}
                  <button type="button" className="underline" onClick={() => onReload(group.key)}>
                    Try again
                  </button>
                </td>
              </tr>
            ) : open && !members ? (
              <tr>
                <td colSpan={COLUMNS.length} className="px-2 py-2 text-xs text-zinc-500" role="status">
                  Loading the runs of {title}…
                </td>
              </tr>
            ) : null}
            {members?.map((r) => (
              <Fragment key={r.id}>
                <RunRow run={r} metrics={metrics[r.id] ?? null} label={title} teamId={teamId} studyId={studyId} now={now} canRun={canRun} showRequest={showRequest} busy={busy} onAction={onAction} />
              </Fragment>
            ))}
          </tbody>
        );
      })}
    </table>
  </div>
  );
}

export function StudyRuns({
  teamId,
  studyId,
  initial,
  methodNames,
  methodOrder,
  canRun,
  external = false,
}: {
  teamId: string;
  studyId: string;
  /** The groups folded (no runs, unless the study is small): a group's runs load when it is expanded. */
  initial: RunGroupsJson;
  methodNames: Record<string, string>;
  /** Method ids in the study's order, for the order of the groups. */
  methodOrder: string[];
  canRun: boolean;
  /** An external study: its models come from uploads, so there is nothing for Lethe to reproduce. */
  external?: boolean;
}) {
  const router = useRouter();
  // Every run, once the live stream or a whole-table refresh has brought them; until then the
  // server's group summaries stand in, and an expanded group's runs are fetched alone.
  const [runs, setRuns] = useState<RunRowJson[] | null>(initial.whole?.runs ?? null);
  const [loaded, setLoaded] = useState<Record<string, RunRowJson[]>>({});
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(initial.whole ? initial.groups.map((g) => g.key) : []));
  const [groupErrors, setGroupErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<StudyStatusName>(initial.status);
  const [metrics, setMetrics] = useState<Metrics>(initial.whole?.keyMetrics ?? {});
  const [mode, setMode] = useState<'live' | 'polling' | 'idle'>('idle');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const active = studyActive(status);
  const now = useNow(active);
  const fetching = useRef(false);

  /** The runs with their key metrics; `withRuns` also replaces the runs (polling, after an action). */
  const refresh = useCallback(
    async (withRuns: boolean) => {
      if (fetching.current) return;
      fetching.current = true;
      try {
        const res = await fetch(`/api/v1/studies/${studyId}/runs-table`, { cache: 'no-store' });
        if (!res.ok) return;
        const body = (await res.json()) as RunsTableJson;
        // A succeeded run without stored metrics is recorded as null, so it is not asked for again.
        setMetrics((prev) => ({ ...prev, ...body.keyMetrics }));
        if (withRuns) {
          setRuns(body.runs);
          setStatus(body.status);
        }
      } finally {
        fetching.current = false;
      }
    },
    [studyId],
  );

  const loadGroup = useCallback(
    async (key: string) => {
      setGroupErrors(({ [key]: _gone, ...rest }) => rest);
      try {
        const res = await fetch(`/api/v1/studies/${studyId}/runs-table?group=${encodeURIComponent(key)}`, { cache: 'no-store' });
        const body: unknown = await res.json().catch(() => null);
        if (!res.ok) throw new Error(errorMessage(body, res.status));
        const part = body as RunsTableJson;
        setMetrics((prev) => ({ ...prev, ...part.keyMetrics }));
        setLoaded((prev) => ({ ...prev, [key]: part.runs }));
      } catch (err) {
        setGroupErrors((prev) => ({ ...prev, [key]: err instanceof Error && err.message !== 'Failed to fetch' ? err.message : 'Could not reach the server. Try again.' }));
      }
    },
    [studyId],
  );

  const toggleGroup = (key: string) => {
    const opening = !expanded.has(key);
    setExpanded((prev) => {
      const next = new Set(prev);
      if (opening) next.add(key);
      else next.delete(key);
      return next;
    });
    if (opening && runs === null && !loaded[key]) void loadGroup(key);
  };

  // Follow the study while it has work left: events first, polling as the fallback.
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let poll: ReturnType<typeof setInterval> | null = null;
    let source: EventSource | null = null;
    const startPolling = () => {
      if (poll || stopped) return;
      setMode('polling');
      poll = setInterval(() => void refresh(true), POLL_MS);
      void refresh(true);
    };
    if (typeof EventSource === 'undefined') {
      startPolling();
    } else {
      source = new EventSource(`/api/v1/studies/${studyId}/events`);
      source.addEventListener('open', () => setMode('live'));
      source.addEventListener('runs', (e) => {
        const data = JSON.parse((e as MessageEvent<string>).data) as StudyJson;
        setRuns(data.runs);
        setStatus(data.status);
      });
      source.addEventListener('done', () => {
        source?.close();
        source = null;
        setMode('idle');
        // Final metrics of the last runs to finish.
        void refresh(true);
      });
      // A dropped connection, a proxy that buffers, or the server's own `error` event: poll.
      source.addEventListener('error', () => {
        source?.close();
        source = null;
        startPolling();
      });
    }
    return () => {
      stopped = true;
      source?.close();
      if (poll) clearInterval(poll);
    };
  }, [active, studyId, refresh]);

  // Runs that succeeded since the last full fetch have no metrics here yet: fetch them once.
  const missingMetrics = runs !== null && runs.some((r) => r.status === 'succeeded' && metrics[r.id] === undefined);
  useEffect(() => {
    if (!missingMetrics) return;
    const timer = setTimeout(() => void refresh(false), 300);
    return () => clearTimeout(timer);
  }, [missingMetrics, runs, refresh]);

  const act = async (url: string, done: (body: unknown) => void) => {
    setBusy(true);
    setMessage(null);
    try {
      const res = await postJson(url);
      if (!res.ok) setMessage({ tone: 'error', text: errorMessage(res.body, res.status) });
      else done(res.body);
    } catch {
      setMessage({ tone: 'error', text: 'Could not reach the server. Try again.' });
    } finally {
      setBusy(false);
    }
  };

  const onRunAction = (run: RunRowJson, action: 'cancel' | 'retry') =>
    void act(`/api/v1/runs/${run.id}/${action}`, () => {
      // A retry makes the study active again, which reconnects the live stream.
      void refresh(true);
    });

  const groups = runs === null ? initial.groups : runGroupSummaries(runs, metrics, methodOrder);
  const groupRuns = new Map<string, RunRowJson[]>(runs === null ? Object.entries(loaded) : orderedRunGroups(runs, methodOrder));
  const total = groups.reduce((n, g) => n + g.runs, 0);

  const cancelStudy = () => {
    if (!window.confirm('Cancel every run of this study that has not finished? Finished runs keep their results.')) return;
    void act(`/api/v1/studies/${studyId}/cancel`, (body) => {
      const n = (body as { cancelled?: number }).cancelled ?? 0;
      setMessage({ tone: 'info', text: `Cancelled ${n} run${n === 1 ? '' : 's'}.` });
      void refresh(true);
    });
  };

  const reproduce = () => {
    const question = `Reproduce creates a new study with the same scenario, model, recipe, seeds and methods and queues its ${total} run${total === 1 ? '' : 's'} (finished originals and retrains with identical inputs are reused, not trained again). Continue?`;
    if (!window.confirm(question)) return;
    void act(`/api/v1/studies/${studyId}/reproduce`, (body) => {
      router.push(`/teams/${teamId}/studies/${(body as { id: string }).id}`);
    });
  };

  const count = (s: RunStatusName) => groups.reduce((n, g) => n + (g.statusCounts[s] ?? 0), 0);
  const activeCount = count('waiting') + count('queued') + count('running');

  return (
    <section aria-labelledby="runs-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="runs-heading" className="text-lg font-semibold">
            Runs
          </h2>
          <RunStatusBadge status={status} testId="study-status" />
          <span className="text-sm tabular-nums text-zinc-600 dark:text-zinc-400" data-testid="run-counts">
            {count('succeeded')} succeeded · {count('failed')} failed · {activeCount} active · {total} total
          </span>
          {active ? (
            <span className="text-xs text-zinc-500" data-testid="live-mode">
              {mode === 'live' ? '● live' : mode === 'polling' ? 'refreshing every 2 s' : 'connecting…'}
            </span>
          ) : null}
        </div>
        {canRun ? (
          <div className="flex gap-2">
            {active ? (
              <button type="button" className={buttonClass('danger')} disabled={busy} onClick={cancelStudy}>
                Cancel study
              </button>
            ) : null}
            {external ? null : (
              <button type="button" className={buttonClass('secondary')} disabled={busy} onClick={reproduce}>
                Reproduce
              </button>
            )}
          </div>
        ) : null}
      </div>

      {message ? (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={`rounded-md px-3 py-2 text-sm ${message.tone === 'error' ? 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300' : 'bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200'}`}>
          {message.text}
        </p>
      ) : null}

      {!active && total > 0 ? (
        <p
          role="status"
          data-testid="study-done-banner"
          className={`rounded-md px-3 py-2 text-sm ${
            status === 'succeeded' ? 'bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-300' : 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200'
          }`}
        >
          All runs are done: {count('succeeded')} succeeded
          {count('failed') ? `, ${count('failed')} failed` : ''}
          {count('cancelled') ? `, ${count('cancelled')} cancelled` : ''}.
          {count('failed') && canRun ? ' Failed runs can be retried; show a group’s runs and open “Error & log” to see why they failed.' : ''}
        </p>
      ) : null}

      <RunGroupsTable
        groups={groups}
        groupRuns={groupRuns}
        expanded={expanded}
        groupErrors={groupErrors}
        metrics={metrics}
        methodNames={methodNames}
        teamId={teamId}
        studyId={studyId}
        now={now}
        canRun={canRun}
        busy={busy}
        onToggle={toggleGroup}
        onReload={(key) => void loadGroup(key)}
        onAction={onRunAction}
      />
      <p className="text-xs text-zinc-500">
        Each group shows its runs&apos; mean; show its runs for each seed. Accuracies are on the forget, retain and test sets. The gap is the mean distance to the same seed&apos;s retrained model over the standard metrics (lower is closer to exact unlearning); hover a run&apos;s gap for the
        per-split accuracy gaps.
      </p>
    </section>
  );
}
