import { listRunsForTable, studyRunsVersion } from '@/db/queries/studies';
import { isActive, sparklineDetail } from '@/app/_components/studies/study-format';
import { studyFor } from '@/lib/studies/service';
import { runView, studyStatus } from '@/lib/studies/views';
import { apiRoute } from '../../../_lib/handler';

const POLL_MS = 700;
const KEEPALIVE_MS = 15_000;

/**
 * Server-Sent Events: a `runs` event with every run's status and progress whenever something
 * changed (workers in any process write to the database; this follows the database), and a
 * final `done` event when every run has ended. Clients without EventSource poll GET /studies/{id}.
 */
export const GET = apiRoute<{ studyId: string }>(async ({ req, actor, params }) => {
  const study = await studyFor(actor, params.studyId);
  const encoder = new TextEncoder();
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        if (!closed) controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      req.signal.addEventListener('abort', () => {
        closed = true;
      });
      let lastVersion = '';
      let lastSent = Date.now();
      send('hello', { studyId: study.id, retry: 2000 });
      while (!closed) {
        try {
          const version = await studyRunsVersion(study.id);
          if (version !== lastVersion) {
            lastVersion = version;
            // Not listRuns: each change would re-read every run's metrics record, log and manifest, none of which the event carries.
            const runs = await listRunsForTable(study.id);
            const status = studyStatus(runs);
            // Ended runs' loss curves no longer change: their rows draw a sparkline, so each event
            // carries 60 points of them, not up to 300 (the run endpoint has them whole).
            send('runs', {
              status,
              runs: runs.map((r) => {
                const view = runView(r, false);
                return isActive(view.status) ? view : { ...view, progressDetail: sparklineDetail(view.progressDetail) };
              }),
            });
            lastSent = Date.now();
            if (!['running', 'waiting'].includes(status) && version.split('|')[2]) {
              send('done', { status });
              break;
            }
          } else if (Date.now() - lastSent > KEEPALIVE_MS) {
            controller.enqueue(encoder.encode(': keep-alive\n\n'));
            lastSent = Date.now();
          }
        } catch (err) {
          // Not 'error': EventSource uses that name for a dropped connection.
          send('failure', { message: (err as Error).message });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      closed = true;
      controller.close();
    },
    cancel() {
      closed = true;
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no', Connection: 'keep-alive' },
  });
});
