'use client';
/**
 * The team's job board: runs across studies with status and study filters, and the workers that
 * are alive. It asks `GET /api/v1/teams/{teamId}/jobs` every few seconds (a list across studies
 * has no single event stream), pausing while the tab is hidden. Filters live in the URL so a
 * filtered view can be shared or reloaded.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { ProgressBar } from '@/app/_components/ui/progress-bar';
import { RunStatusBadge } from './run-status';
import { formatSeconds, isActive, phaseText, RUN_STATUS_LIST, runLabel, type RunStatusName } from './study-format';
import { Badge, buttonClass, formatDate } from '@/app/_components/ui/ui';

const REFRESH_MS = 3000;

/** Today's times as HH:MM:SS (a board of recent activity), older ones with their date; full stamp on hover. */
function When({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <span className="text-zinc-400">—</span>;
  const full = formatDate(iso);
  const sameDay = now > 0 && iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return (
    <time dateTime={iso} title={full}>
      {sameDay ? iso.slice(11, 19) : full.replace(' UTC', '')}
    </time>
  );
}

interface JobRow {
  id: string;
  studyId: string;
  studyName: string;
  kind: 'original' | 'retrain' | 'unlearned';
  methodId: string | null;
  seed: number;
  requestIndex: number;
  status: RunStatusName;
  phase: string;
  progress: number;
  workerId: string | null;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  reusedFromRunId: string | null;
}

interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  backend: string | null;
  startedAt: string;
  lastSeenAt: string;
}

export function RunJobs({
  teamId,
  studies,
  methodNames,
  initialStatus,
  initialStudyId,
}: {
  teamId: string;
  studies: Array<{ id: string; name: string }>;
  methodNames: Record<string, string>;
  initialStatus: RunStatusName[];
  initialStudyId: string;
}) {
  const [statuses, setStatuses] = useState<RunStatusName[]>(initialStatus);
  const [studyId, setStudyId] = useState(initialStudyId);
  const [runs, setRuns] = useState<JobRow[] | null>(null);
  const [workers, setWorkers] = useState<WorkerRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      const query = new URLSearchParams();
      if (statuses.length) query.set('status', statuses.join(','));
      if (studyId) query.set('studyId', studyId);
      try {
        const res = await fetch(`/api/v1/teams/${teamId}/jobs?${query}`, { cache: 'no-store', signal });
        const body: unknown = await res.json().catch(() => null);
        if (!res.ok) {
          setError((body as { error?: { message?: string } } | null)?.error?.message ?? `The server answered ${res.status}.`);
          return;
        }
        const data = body as { runs: JobRow[]; workers: WorkerRow[] };
        setRuns(data.runs);
        setWorkers(data.workers);
        setError(null);
        setUpdatedAt(Date.now());
      } catch (err) {
        if ((err as Error).name !== 'AbortError') setError('Could not reach the server; retrying.');
      }
    },
    [teamId, statuses, studyId],
  );

  useEffect(() => {
    // The filters in the address bar, without a navigation (the server page needs no re-render).
    const query = new URLSearchParams();
    if (statuses.length) query.set('status', statuses.join(','));
    if (studyId) query.set('studyId', studyId);
    window.history.replaceState(null, '', `${window.location.pathname}${query.size ? `?${query}` : ''}`);
    const controller = new AbortController();
    const first = setTimeout(() => void load(controller.signal), 0);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load(controller.signal);
    }, REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
      controller.abort();
    };
  }, [load, statuses, studyId]);

  const toggle = (s: RunStatusName, on: boolean) => setStatuses((prev) => (on ? [...prev, s] : prev.filter((x) => x !== s)));
  const now = updatedAt ?? 0;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-6 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <fieldset>
          <legend className="text-sm font-medium">Status</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {RUN_STATUS_LIST.map((s) => (
              <label key={s} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={statuses.includes(s)} onChange={(e) => toggle(s, e.target.checked)} />
                {s}
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-zinc-500">None checked shows every status.</p>
        </fieldset>
        <div>
          <label htmlFor="jobs-study" className="block text-sm font-medium">
            Study
          </label>
          <select id="jobs-study" value={studyId} onChange={(e) => setStudyId(e.target.value)} className="mt-1 block rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900">
            <option value="">All studies</option>
            {studies.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        {statuses.length || studyId ? (
          <button
            type="button"
            className={buttonClass('secondary', 'sm')}
            onClick={() => {
              setStatuses([]);
              setStudyId('');
            }}
          >
            Clear filters
          </button>
        ) : null}
        <p className="ml-auto text-xs text-zinc-500" role="status" aria-live="polite">
          {error ? <span className="text-red-600 dark:text-red-400">{error}</span> : updatedAt ? `Refreshes every ${REFRESH_MS / 1000} s` : 'Loading…'}
        </p>
      </div>

      <section aria-labelledby="jobs-runs">
        <h2 id="jobs-runs" className="mb-2 text-lg font-semibold">
          Runs {runs ? <span className="text-sm font-normal text-zinc-500">({runs.length}{runs.length >= 200 ? ', the latest 200' : ''})</span> : null}
        </h2>
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900" role="region" aria-label="Runs across studies" tabIndex={0}>
          <table className="w-full text-left text-sm" aria-label="Runs across studies">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                {['Study', 'Kind / method', 'Seed', 'Status', 'Progress', 'Worker', 'Queued (UTC)', 'Started', 'Finished'].map((h) => (
                  <th key={h} scope="col" className="px-2 py-2 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {runs === null ? (
                <tr>
                  <td colSpan={9} className="px-2 py-6 text-center text-zinc-500">
                    Loading…
                  </td>
                </tr>
              ) : runs.length === 0 ? (
                <tr>
                  <td colSpan={9} className="px-2 py-6 text-center text-zinc-500">
                    No runs match. {statuses.length || studyId ? 'Clear the filters to see every run.' : 'Launch a study to create runs.'}
                  </td>
                </tr>
              ) : (
                runs.map((r) => (
                  <tr key={r.id} data-testid="job-row" data-status={r.status}>
                    <td className="max-w-48 px-2 py-2">
                      <Link href={`/teams/${teamId}/studies/${r.studyId}`} className="text-brand-600 hover:underline dark:text-blue-400">
                        {r.studyName}
                      </Link>
                    </td>
                    <td className="px-2 py-2">
                      <Link href={`/teams/${teamId}/studies/${r.studyId}/runs/${r.id}`} className="hover:underline">
                        {runLabel({ kind: r.kind, variant: 'standard', methodId: r.methodId }, methodNames)}
                      </Link>
                      {r.requestIndex ? <span className="ml-1 text-xs text-zinc-500">req {r.requestIndex + 1}</span> : null}
                      {r.reusedFromRunId ? (
                        <span className="ml-1">
                          <Badge>reused</Badge>
                        </span>
                      ) : null}
                    </td>
                    <td className="px-2 py-2 tabular-nums">{r.seed}</td>
                    <td className="px-2 py-2">
                      <RunStatusBadge status={r.status} />
                    </td>
                    <td className="min-w-40 px-2 py-2">
                      {r.status === 'running' ? (
                        <ProgressBar label={phaseText({ status: r.status, phase: r.phase, progressDetail: {} })} value={r.progress} />
                      ) : (
                        <span className="text-xs text-zinc-600 dark:text-zinc-400" title={r.error ?? undefined}>
                          {isActive(r.status) ? phaseText({ status: r.status, phase: r.phase, progressDetail: {} }) : r.status === 'failed' && r.error ? r.error.slice(0, 60) : '—'}
                        </span>
                      )}
                    </td>
                    <td className="max-w-32 truncate px-2 py-2 text-xs" title={r.workerId ?? undefined}>
                      {r.workerId ?? '—'}
                    </td>
                    <td className="whitespace-nowrap px-2 py-2 text-xs text-zinc-600 dark:text-zinc-400"><When iso={r.queuedAt} now={now} /></td>
                    <td className="whitespace-nowrap px-2 py-2 text-xs text-zinc-600 dark:text-zinc-400"><When iso={r.startedAt} now={now} /></td>
                    <td className="whitespace-nowrap px-2 py-2 text-xs text-zinc-600 dark:text-zinc-400"><When iso={r.finishedAt} now={now} /></td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="jobs-workers">
        <h2 id="jobs-workers" className="mb-2 text-lg font-semibold">
          Workers
        </h2>
        {workers.length === 0 ? (
          <p className="text-sm text-zinc-500">No worker has reported in the last minute: queued runs wait until one starts (`npm run worker`, or the web process&apos;s own worker).</p>
        ) : (
          <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900" role="region" aria-label="Workers table" tabIndex={0}>
            <table className="w-full text-left text-sm" aria-label="Live workers">
              <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
                <tr>
                  {['Worker', 'Host', 'Concurrency', 'Backend', 'Last seen'].map((h) => (
                    <th key={h} scope="col" className="px-2 py-2 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {workers.map((w) => (
                  <tr key={w.id} data-testid="worker-row">
                    <td className="px-2 py-2 font-mono text-xs">{w.id}</td>
                    <td className="px-2 py-2">
                      {w.host} <span className="text-xs text-zinc-500">pid {w.pid}</span>
                    </td>
                    <td className="px-2 py-2 tabular-nums">{w.concurrency}</td>
                    <td className="px-2 py-2">{w.backend ?? '—'}</td>
                    <td className="px-2 py-2 text-xs text-zinc-600 dark:text-zinc-400" title={formatDate(w.lastSeenAt)}>
                      {now ? `${formatSeconds(Math.max(0, (now - Date.parse(w.lastSeenAt)) / 1000))} ago` : formatDate(w.lastSeenAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
