/**
 * Dashboard benchmark (npm run bench:dashboard, or npx tsx bench/dashboard.ts): the server-side
 * work of a study dashboard for a study of 32 seeds x 10 methods (32 originals, 32 retrains,
 * 320 unlearned runs), seeded directly in an in-memory database with realistic metrics records
 * (lib/metrics evaluateModel on synthetic outputs of 10 classes, with a sensitive attribute).
 *
 * It measures what the page does per request: the gate, the three queries (study, runs without
 * per-example artifacts, dataset version), the aggregation (means and bounded intervals of every
 * metric, gaps per seed, the verdict and headline, chart data) and the serialisation of the data handed to
 * the client component (what Next.js writes into the page). The per-example artifacts are not
 * part of a page load (charts fetch them for one run on demand); one such fetch is timed too.
 *
 * Options: --seeds N (default 32), --methods N (default 10), --repeat N (default 10).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The db modules import 'server-only', which only resolves outside React Server Components
// under the react-server condition (as the worker runs): re-run this file with it.
if (!process.execArgv.some((a) => a.includes('react-server'))) {
  const file = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, [...process.execArgv, '--conditions=react-server', file, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(res.status ?? 1);
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SEEDS = option('seeds', 32);
const METHOD_COUNT = option('methods', 10);
const REPEAT = option('repeat', 10);

process.env.DATABASE_URL = 'pglite://memory';
process.env.LETHE_DATA_DIR ||= fs.mkdtempSync(path.join(os.tmpdir(), 'lethe-bench-'));
process.env.LETHE_SEED_DEMO = '0';


function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

async function main() {
  const { seedBenchStudy } = await import('./seed-study');
  const { studyResults, runDistributions } = await import('../lib/results/study-results-service');
  const { closeDb } = await import('../db/client');
  const { listResultRuns } = await import('../db/queries/comparisons');

  const { actor, studyId, methods, seedSeconds } = await seedBenchStudy({ seeds: SEEDS, methods: METHOD_COUNT });
  console.log(`seeded ${SEEDS} seeds x ${methods.length} methods (${SEEDS * (methods.length + 2)} runs) in ${seedSeconds.toFixed(1)} s`);

  let t: bigint;
  const load: number[] = [];
  const serialise: number[] = [];
  const total: number[] = [];
  let bytes = 0;
  let rows = 0;
  for (let i = 0; i < REPEAT + 1; i++) {
    t = process.hrtime.bigint();
    const data = await studyResults(actor, studyId);
    const loaded = ms(t);
    const t2 = process.hrtime.bigint();
    const payload = JSON.stringify(data);
    const serialised = ms(t2);
    // The first round warms the caches of the JIT and the database; it is not counted.
    if (i > 0) {
      load.push(loaded);
      serialise.push(serialised);
      total.push(loaded + serialised);
    }
    bytes = payload.length;
    rows = data.table.rows.length;
  }
  const query: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    t = process.hrtime.bigint();
    await listResultRuns({ studyId });
    query.push(ms(t));
  }
  const dist: number[] = [];
  const data = await studyResults(actor, studyId);
  const runId = data.table.rows[2].runIds[0];
  for (let i = 0; i < 5; i++) {
    t = process.hrtime.bigint();
    await runDistributions(actor, studyId, runId);
    dist.push(ms(t));
  }
  const l = stats(load), s = stats(serialise), all = stats(total), d = stats(dist);
  console.log(`table: ${rows} rows x ${data.table.metrics.length} metrics; client payload ${(bytes / 1024).toFixed(0)} KiB`);
  console.log(`gate + queries + aggregation: median ${l.median.toFixed(1)} ms (min ${l.min.toFixed(1)}, max ${l.max.toFixed(1)})`);
  console.log(`  of which the runs query:     median ${stats(query).median.toFixed(1)} ms (PGlite in-process, jsonb metrics of every run)`);
  console.log(`serialisation for the page:   median ${s.median.toFixed(1)} ms`);
  console.log(`dashboard server work:        median ${all.median.toFixed(1)} ms over ${REPEAT} loads (budget 1000 ms)`);
  console.log(`on-demand distributions of one run: median ${d.median.toFixed(1)} ms`);
  await closeDb();
  if (all.median > 1000) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
