/**
 * The job queue: pg-boss on the same database as the app (PGlite in the embedded default,
 * Postgres with DATABASE_URL). One queue, `lethe-run`; a job's data is just its run id, the run
 * row holds everything else. Jobs are grouped by team so a per-team limit keeps one team from
 * taking every worker.
 */
import { PgBoss } from 'pg-boss';
import { beforeDbClose, getDbHandle } from '@/db/client';

/** The queue of run jobs; LETHE_QUEUE names another (tests isolate their workers with it). */
export function runQueue(): string {
  return process.env.LETHE_QUEUE || 'lethe-run';
}

export interface RunJobData {
  runId: string;
}

/** How long a dead worker's job waits before another worker takes it: pg-boss heartbeats. */
export const HEARTBEAT_SECONDS = Number(process.env.LETHE_JOB_HEARTBEAT_SECONDS || 10);

const globalForBoss = globalThis as unknown as { letheBoss?: Promise<PgBoss> };

async function startBoss(): Promise<PgBoss> {
  const handle = await getDbHandle();
  let boss: PgBoss;
  if (handle.pglite) {
    const { fromPglite } = await import('pg-boss');
    boss = new PgBoss({ db: fromPglite(handle.pglite), backend: 'pglite', superviseIntervalSeconds: 5, monitorIntervalSeconds: 5 });
  } else if (handle.target.kind === 'postgres') {
    boss = new PgBoss({ connectionString: handle.target.url, max: 4, superviseIntervalSeconds: 5, monitorIntervalSeconds: 5 });
  } else {
    throw new Error('the queue needs a database');
  }
  boss.on('error', (err: unknown) => console.error('[lethe] queue error', err));
  await boss.start();
  await boss.createQueue(runQueue(), {
    retryLimit: 3,
    retryDelay: 2,
    expireInSeconds: 6 * 3600,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  }).catch(async (err: unknown) => {
    // Another process created it first.
    if (!(await boss.getQueue(runQueue()))) throw err;
  });
  beforeDbClose(async () => {
    globalForBoss.letheBoss = undefined;
    await boss.stop({ graceful: false, timeout: 2000 });
  });
  return boss;
}

/** The queue of this process, started once. */
export function getBoss(): Promise<PgBoss> {
  if (!globalForBoss.letheBoss) {
    globalForBoss.letheBoss = startBoss();
    globalForBoss.letheBoss.catch(() => (globalForBoss.letheBoss = undefined));
  }
  return globalForBoss.letheBoss;
}

/** Enqueues a run once: the run id is the singleton key, so a repeated call adds nothing. */
export async function enqueueRun(runId: string, teamId: string): Promise<string | null> {
  const boss = await getBoss();
  return boss.send(runQueue(), { runId } satisfies RunJobData, { singletonKey: runId, group: { id: teamId } });
}
