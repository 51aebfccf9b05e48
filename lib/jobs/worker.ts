/**
 * A worker: takes run jobs from the queue and computes them in a pool of ML threads. Runs inside
 * the app process in the embedded default (started from instrumentation.ts) and as its own
 * process with `npm run worker` (any number, on any machine sharing the Postgres database).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { failRun, removeWorker, staleRunningRuns, upsertWorker } from '@/db/queries/studies';
import { advanceStudy } from '@/lib/studies/progress';
import { getBoss, HEARTBEAT_SECONDS, runQueue, type RunJobData } from './queue';
import { executeRun } from './run-job';
import { defaultPoolSize, ThreadPool } from './thread-pool';

export interface WorkerHandle {
  id: string;
  concurrency: number;
  stop(): Promise<void>;
}

function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Concurrency per worker defaults to the number of cores; LETHE_WORKER_CONCURRENCY overrides. */
export function workerConcurrency(): number {
  return envInt('LETHE_WORKER_CONCURRENCY', defaultPoolSize());
}

/** Running jobs one team may hold across all workers (LETHE_TEAM_RUN_LIMIT, default 4). */
export function teamRunLimit(): number {
  return envInt('LETHE_TEAM_RUN_LIMIT', 4);
}

/**
 * A run still marked running long after its last heartbeat, whose job the queue no longer holds
 * (retries exhausted): it will never finish, so say so instead of leaving it running forever.
 */
async function sweepAbandonedRuns(): Promise<void> {
  const boss = await getBoss();
  const stale = await staleRunningRuns(new Date(Date.now() - HEARTBEAT_SECONDS * 6 * 1000));
  for (const run of stale) {
    const jobs = await boss.findJobs(runQueue(), { key: run.id }).catch(() => []);
    const alive = jobs.some((j) => ['created', 'retry', 'active'].includes(String(j.state)));
    if (alive) continue;
    if (await failRun(run.id, run.attempt, 'The worker running this stopped and the run could not be restarted; retry it.')) await advanceStudy(run.studyId);
  }
}

export async function startWorker(options: { concurrency?: number } = {}): Promise<WorkerHandle> {
  const concurrency = options.concurrency ?? workerConcurrency();
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const appRoot = process.env.LETHE_APP_ROOT ?? process.cwd();
  const pool = new ThreadPool({
    size: concurrency,
    appRoot,
    handlerModules: [path.join(/*turbopackIgnore: true*/ appRoot, 'lib', 'unlearning', 'pool-handlers.ts')],
  });
  const boss = await getBoss();
  let backend: string | null = null;
  const register = () => upsertWorker({ id, host: os.hostname(), pid: process.pid, concurrency, backend }).catch(() => {});
  await register();

  const heartbeat = setInterval(() => {
    void register();
    void sweepAbandonedRuns().catch((err) => console.error('[lethe] sweep failed', err));
  }, 10_000);
  heartbeat.unref();
  const workId = await boss.work<RunJobData>(
    runQueue(),
    { localConcurrency: concurrency, groupConcurrency: teamRunLimit(), pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      for (const job of jobs) await executeRun(job.data.runId, { pool, workerId: id });
      // Threads start with the first job (not at boot); from then on the workers list shows the backend.
      if (backend === null) {
        backend = (await pool.backendInfo()).name;
        await register();
      }
    },
  );
  console.log(`[lethe] worker ${id}: ${concurrency} concurrent run(s), at most ${teamRunLimit()} per team`);
  let stopped = false;
  return {
    id,
    concurrency,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      await boss.offWork(runQueue(), { id: workId }).catch(() => {});
      await pool.close();
      await removeWorker(id).catch(() => {});
    },
  };
}
