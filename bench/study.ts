/**
 * npm run bench:study — a whole study through the real pipeline: Fashion-MNIST (60,000 training
 * images), an MLP, 3 seeds, 6 unlearning methods, queued in pg-boss on Postgres and run by
 * `npm run worker` processes. Prints total wall time, how much of the workers' time went to ML
 * compute versus the queue and the database (target: overhead under 5%), and the throughput
 * with one and with two worker processes.
 *
 * Needs a Postgres server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 * a fresh database is created and dropped) and `apt-get install -y dataset-fashion-mnist`.
 * Options: --epochs N (default 3), --workers 1,2 (default both), --concurrency C per worker (default 1).
 */
import type { ChildProcess } from 'node:child_process';
import { fashionAvailable, fashionTeamWithScenario } from './fashion-mnist';
import { spawnWorker, waitForStudy, withBenchDatabase, type BenchRunRow } from './queue-study';

const METHODS = ['finetune', 'neggrad', 'neggrad-plus', 'random-labels', 'scrub', 'ssd'];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const epochs = Number(arg('epochs', '3'));
const workerCounts = arg('workers', '1,2').split(',').map(Number);
const concurrency = Number(arg('concurrency', '1'));
/** Worker-slot time split into ML compute, in-run overhead (loading, database writes) and queue waits. */
function analyse(runs: BenchRunRow[], slots: number, wallSeconds: number) {
  let busy = 0;
  let compute = 0;
  for (const r of runs) {
    if (!r.startedAt || !r.finishedAt) continue;
    busy += (r.finishedAt.getTime() - r.startedAt.getTime()) / 1000;
    for (const p of r.manifest?.timings?.phases ?? []) {
      if (p.name === 'training' || p.name === 'unlearning' || p.name === 'evaluating') compute += p.seconds ?? 0;
    }
  }
  // Queue latency that cost capacity: time a worker slot sat idle while a run was queued and
  // ready (its dependencies done). Integrated over the study's timeline in 50 ms steps.
  const times = runs.flatMap((r) => [r.queuedAt, r.startedAt, r.finishedAt]).filter((t): t is Date => t !== null).map((t) => t.getTime());
  const from = Math.min(...times);
  const to = Math.max(...times);
  const step = 50;
  let queueWait = 0;
  for (let t = from; t < to; t += step) {
    const running = runs.filter((r) => r.startedAt && r.startedAt.getTime() <= t && (!r.finishedAt || r.finishedAt.getTime() > t)).length;
    const waiting = runs.filter((r) => r.queuedAt && r.queuedAt.getTime() <= t && (!r.startedAt || r.startedAt.getTime() > t)).length;
    queueWait += (Math.max(0, Math.min(slots - running, waiting)) * step) / 1000;
  }
  const overhead = busy - compute + queueWait;
  return { busy, compute, queueWait, inRun: busy - compute, overheadShare: overhead / (busy + queueWait), utilisation: busy / (wallSeconds * slots) };
}

async function main(): Promise<void> {
  if (!fashionAvailable()) {
    return;
  }
  await withBenchDatabase(async () => {
    const env = { ...process.env, LETHE_WORKER_CONCURRENCY: String(concurrency) };
    const children: ChildProcess[] = [];
    try {
      // The app's own services (as the web process would call them), imported after DATABASE_URL is set.
      const { createStudy } = await import('@/lib/studies/service');
      const { closeDb } = await import('@/db/client');

      const { actor, team, dataset, scenario, uploadSeconds } = await fashionTeamWithScenario('Bench');
      console.log(`ingested Fashion-MNIST (${dataset.rowCount} rows) in ${uploadSeconds.toFixed(1)} s`);

      const results: Array<{ workers: number; wall: number; runs: number; analysis: ReturnType<typeof analyse> }> = [];
      for (const workers of workerCounts) {
        const started = performance.now();
        const { study, runs } = await createStudy(actor, team.id, {
          name: `Bench, ${workers} worker(s)`,
          scenarioId: scenario.id,
          modelSpec: { kind: 'mlp', hidden: [128] },
          // A distinct first seed per round: identical inputs would reuse the previous round's models.
          firstSeed: workers * 100,
          recipe: { epochs, batchSize: 128, optimizer: { kind: 'adam', learningRate: 0.001 } },
          seeds: 3,
          methods: METHODS.map((methodId) => ({ methodId })),
        });
        for (let i = 0; i < workers; i++) children.push(spawnWorker(env, `worker-${workers}-${i}`));
        const rows = await waitForStudy(study.id);
        const wall = (performance.now() - started) / 1000;
        for (const child of children.splice(0)) child.kill('SIGTERM');
        const failed = rows.filter((r) => r.status !== 'succeeded').length;
        if (failed) console.log(`WARNING: ${failed} run(s) did not succeed`);
        const analysis = analyse(rows, workers * concurrency, wall);
        results.push({ workers, wall, runs: runs.length, analysis });
        console.log(
          `${workers} worker process(es) x ${concurrency}: ${runs.length} runs in ${wall.toFixed(1)} s (${((runs.length / wall) * 60).toFixed(1)} runs/min); ` +
            `compute ${analysis.compute.toFixed(1)} s, in-run loading and database ${analysis.inRun.toFixed(1)} s, idle slots while a run was queued ${analysis.queueWait.toFixed(1)} s; ` +
            `overhead ${(analysis.overheadShare * 100).toFixed(1)}% (target < 5%), slot utilisation ${(analysis.utilisation * 100).toFixed(0)}%`,
        );
        await new Promise((r) => setTimeout(r, 2000));
      }
      if (results.length === 2) console.log(`speed-up of two workers over one: ${(results[0].wall / results[1].wall).toFixed(2)}x (load average now ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
      await closeDb();
    } finally {
      for (const child of children) child.kill('SIGKILL');
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
