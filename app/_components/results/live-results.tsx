'use client';
/**
 * Keeps a dashboard current while its runs are queued or running: the server page is rendered
 * again (router.refresh; the view state in the URL and in the dashboard's state stays) each
 * time a run ends. On the team's pages it follows the study's Server-Sent Events, as the study
 * page does, and refreshes only when the number of ended runs changes (progress events stay
 * cheap); without EventSource, after a dropped stream, and on a share page (which may not call
 * the gated API) it re-renders every few seconds instead. Once the server says nothing is left
 * to run, `active` turns false and it stops.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { runCountsSentence, type RunCounts } from '@/lib/results/aggregate';

const POLL_MS = 5000;
const UNFINISHED = new Set(['waiting', 'queued', 'running']);

export function LiveResults({ active, counts, eventsUrl }: { active: boolean; counts: RunCounts; eventsUrl: string | null }) {
  const sentence = runCountsSentence(counts);
  // A finished dashboard has nothing to follow (and then needs no router: it renders anywhere).
  return active && sentence ? <Following counts={counts} eventsUrl={eventsUrl} sentence={sentence} /> : null;
}

function Following({ counts, eventsUrl, sentence }: { counts: RunCounts; eventsUrl: string | null; sentence: string }) {
  const router = useRouter();
  const [mode, setMode] = useState<'live' | 'polling'>('polling');
  // Ended runs in what the page shows now; the stream compares against it without restarting.
  const shown = useRef(counts.total - counts.running - counts.queued);
  useEffect(() => {
    shown.current = counts.total - counts.running - counts.queued;
  }, [counts]);
  useEffect(() => {
    let poll: ReturnType<typeof setInterval> | null = null;
    let source: EventSource | null = null;
    // The count a refresh was asked for, so events before its answer do not ask again.
    let asked: number | null = null;
    const startPolling = () => {
      if (poll) return;
      setMode('polling');
      poll = setInterval(() => router.refresh(), POLL_MS);
    };
    if (eventsUrl && typeof EventSource !== 'undefined') {
      source = new EventSource(eventsUrl);
      source.addEventListener('open', () => setMode('live'));
      source.addEventListener('runs', (e) => {
        const data = JSON.parse((e as MessageEvent<string>).data) as { runs: Array<{ status: string }> };
        const now = data.runs.filter((r) => !UNFINISHED.has(r.status)).length;
        if (now !== shown.current && now !== asked) {
          asked = now;
          router.refresh();
        }
      });
      source.addEventListener('done', () => {
        source?.close();
        source = null;
        router.refresh();
      });
      // A dropped connection, a proxy that buffers, or the server's own error: poll instead.
      source.addEventListener('error', () => {
        source?.close();
        source = null;
        startPolling();
      });
    } else {
      startPolling();
    }
    return () => {
      source?.close();
      if (poll) clearInterval(poll);
    };
  }, [eventsUrl, router]);

  return (
    <p role="status" className="flex items-center gap-2 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900 print:hidden dark:border-blue-900 dark:bg-blue-950/40 dark:text-blue-200" data-testid="results-live" data-mode={mode}>
      <span aria-hidden className="inline-block h-2 w-2 animate-pulse rounded-full bg-blue-500" />
      <span>
        {sentence}. These results update as runs finish{mode === 'polling' ? ' (checked every few seconds)' : ''}.
      </span>
    </p>
  );
}
