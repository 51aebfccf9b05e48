/**
 * What the benchmarks that run a study through the real queue share: a fresh Postgres database
 * (created, then dropped), `npm run worker` processes, and waiting for a study's runs to end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENDED = ['succeeded', 'failed', 'cancelled'];

/** The columns of a run row the benchmarks read. */
export interface BenchRunRow {
  kind: string;
  methodId: string | null;
  status: string;
  error: string | null;
  queuedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  manifest: { timings?: { phases?: Array<{ name: string; seconds?: number }> } } | null;
}

/**
 * Runs `body` against a fresh database on the Postgres server at BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), with DATABASE_URL, LETHE_QUEUE and LETHE_DATA_DIR
 * set for the app's services and for the workers started with `spawnWorker`.
 */
export async function withBenchDatabase<T>(body: () => Promise<T>): Promise<T> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbName = `lethe_bench_${Date.now()}`;
  await admin.unsafe(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  process.env.DATABASE_URL = url.toString();
  process.env.LETHE_QUEUE = 'lethe-bench';
  process.env.LETHE_DATA_DIR = fs.mkdtempSync('/tmp/lethe-bench-');
  try {
    return await body();
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

/** One `npm run worker` process on the bench database; its stderr is shown with a label. */
export function spawnWorker(env: NodeJS.ProcessEnv, label: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/jobs/worker-main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d) => process.stderr.write(`[${label}] ${d}`));
  return child;
}

/** Polls the study's runs every 250 ms until every one has ended; returns them. */
export async function waitForStudy(studyId: string): Promise<BenchRunRow[]> {
  const { listRuns } = await import('@/db/queries/studies');
  for (;;) {
    const rows = (await listRuns(studyId)) as unknown as BenchRunRow[];
    if (rows.every((r) => ENDED.includes(r.status))) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}
