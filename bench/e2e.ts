/**
 * npm run bench:e2e — a whole Fashion-MNIST study through the real queue, beside the plain
 * PyTorch script that does the same work (../shared/bench/torch_study.sh, or TORCH_STUDY):
 * random 2% of the 60,000 training rows forgotten, MLP 784-128-10, Adam 1e-3, batch 128,
 * 3 epochs, 4 seeds, Fine-tune / NegGrad+ / SSD with their defaults (20 runs), two lanes (one
 * worker process with two lanes against the script's two processes), twice on one worker: a
 * cold study (the worker starts with it) and a warm one on the next seeds. Prints the totals, the
 * ratios against the script's time without its distinguishability step (`seeds_parallel_s`:
 * its scorer is slow Python), and a phase table in lane-seconds.
 *
 * Needs a Postgres server (BENCH_DATABASE_URL; a fresh database is created and dropped),
 * `apt-get install -y dataset-fashion-mnist`, and for the reference
 * `apt-get install -y python3-torch libopenblas0-pthread python3-scipy`.
 * Options: --seeds N (default 4), --skip-torch.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fashionAvailable, fashionTeamWithScenario } from './fashion-mnist';
import { spawnWorker, waitForStudy, withBenchDatabase, type BenchRunRow } from './queue-study';

const ROOT = path.resolve(import.meta.dirname, '..');
const METHODS = ['finetune', 'neggrad-plus', 'ssd'];
const LANES = 2;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

interface TorchResult {
  load_s: number;
  seeds_parallel_s: number;
  distinguishability_s: number;
  total_s_from_interpreter_start: number;
  per_seed: Array<{ times: Record<string, number> }>;
}

/** Runs the PyTorch reference; null (with the reason printed) when it is not installed. */
function runTorch(seeds: number): TorchResult | null {
  const script = process.env.TORCH_STUDY ?? path.resolve(ROOT, '../shared/bench/torch_study.sh');
  if (!fs.existsSync(script)) {
    console.log(`PyTorch reference not found at ${script} (set TORCH_STUDY).`);
    return null;
  }
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lethe-e2e-')), 'torch.json');
  const seedList = Array.from({ length: seeds }, (_, i) => i).join(',');
  const child = spawnSync('bash', [script], { env: { ...process.env, SEEDS: seedList, NPROC: String(LANES), OUT: out }, stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.status !== 0 || !fs.existsSync(out)) {
    console.log(`PyTorch reference failed (exit ${child.status}); install python3-torch libopenblas0-pthread python3-scipy.`);
    return null;
  }
  return JSON.parse(fs.readFileSync(out, 'utf8')) as TorchResult;
}

/** Lane-seconds per phase of Lethe's runs: loading, training, unlearning, evaluating, saving (after the last phase). */
function lethePhases(rows: BenchRunRow[]): Record<string, number> {
  const total: Record<string, number> = { loading: 0, training: 0, unlearning: 0, evaluating: 0, saving: 0 };
  for (const r of rows) {
    const phases = r.manifest?.timings?.phases ?? [];
    let inPhases = 0;
    for (const p of phases) {
      total[p.name] = (total[p.name] ?? 0) + (p.seconds ?? 0);
      inPhases += p.seconds ?? 0;
    }
    if (r.startedAt && r.finishedAt) total.saving += Math.max(0, (r.finishedAt.getTime() - r.startedAt.getTime()) / 1000 - inPhases);
  }
  return total;
}

/** The script's lane-seconds grouped like Lethe's phases. */
function torchPhases(result: TorchResult): Record<string, number> {
  const total: Record<string, number> = { loading: 0, training: 0, unlearning: 0, evaluating: 0, saving: 0 };
  for (const seed of result.per_seed) {
    for (const [name, seconds] of Object.entries(seed.times)) {
      const phase = name === 'data' ? 'loading' : name.startsWith('train_') ? 'training' : name.startsWith('unlearn_') ? 'unlearning' : name.startsWith('eval_') ? 'evaluating' : name;
      total[phase] = (total[phase] ?? 0) + seconds;
    }
  }
  return total;
}

interface LetheStudyResult {
  studyId: string;
  wall: number;
  runs: number;
  failed: number;
  phases: Record<string, number>;
}

async function waitForSummary(studyId: string): Promise<void> {
  const { findStudy } = await import('@/db/queries/studies');
  while (!(await findStudy(studyId))?.summary) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Two studies on one worker: the first starts with the worker (its lanes start with the first
 * run, as in a fresh deployment), the second, on the next seeds, finds the lanes running with
 * the dataset loaded, as every later study does. The script's `seeds_parallel_s` leaves out
 * its interpreter start and data loading, so the second is the like-for-like comparison.
 */
async function runLethe(seeds: number): Promise<{ cold: LetheStudyResult; warm: LetheStudyResult }> {
  return withBenchDatabase(async () => {
    const { createStudy } = await import('@/lib/studies/service');
    const { closeDb } = await import('@/db/client');
    const { actor, team, scenario } = await fashionTeamWithScenario('E2E', 0.02);
    const worker: ChildProcess = spawnWorker({ ...process.env, LETHE_WORKER_CONCURRENCY: String(LANES) }, 'worker');
    const study = async (name: string, firstSeed: number): Promise<LetheStudyResult> => {
      const started = performance.now();
      const { study, runs } = await createStudy(actor, team.id, {
        name,
        scenarioId: scenario.id,
        modelSpec: { kind: 'mlp', hidden: [128] },
        recipe: { epochs: 3, batchSize: 128, optimizer: { kind: 'adam', learningRate: 0.001 } },
        seeds,
        firstSeed,
        methods: METHODS.map((methodId) => ({ methodId })),
      });
      const rows = await waitForStudy(study.id);
      const wall = (performance.now() - started) / 1000;
      const failed = rows.filter((r) => r.status !== 'succeeded').length;
      for (const r of rows.filter((r) => r.status === 'failed')) console.log(`failed ${r.kind} ${r.methodId ?? ''}: ${r.error}`);
      return { studyId: study.id, wall, runs: runs.length, failed, phases: lethePhases(rows) };
    };
    try {
      const cold = await study('End-to-end bench (cold worker)', 0);
      // the first study's summary (the script's distinguishability step, left out of its time
      // too) still holds a queue slot: the second study starts when it is stored
      await waitForSummary(cold.studyId);
      // other seeds: nothing of the first study is reused
      const warm = await study('End-to-end bench (warm worker)', seeds);
      return { cold, warm };
    } finally {
      // let the worker stop before its database is dropped
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
      await closeDb();
    }
  });
}

async function main(): Promise<void> {
  if (!fashionAvailable()) return;
  const seeds = Number(arg('seeds', '4'));
  const { cold, warm } = await runLethe(seeds);
  const describe = (r: LetheStudyResult, how: string) => `Lethe: ${r.runs} runs in ${r.wall.toFixed(1)} s on ${LANES} lanes (${how}), ${r.failed} failed`;
  console.log(describe(cold, 'worker started cold with the study'));
  console.log(describe(warm, `warm worker, seeds ${seeds}-${2 * seeds - 1}`));
  const torch = process.argv.includes('--skip-torch') ? null : runTorch(seeds);
  if (torch) {
    console.log(`PyTorch script: ${torch.seeds_parallel_s.toFixed(1)} s for the seeds on ${LANES} processes (+ ${torch.distinguishability_s.toFixed(1)} s distinguishability, ${torch.load_s.toFixed(1)} s loading; ${torch.total_s_from_interpreter_start.toFixed(1)} s in all)`);
    const ratio = (r: LetheStudyResult) => (r.wall / torch.seeds_parallel_s).toFixed(2);
    console.log(`ratio Lethe / script without distinguishability: warm ${ratio(warm)}x, cold ${ratio(cold)}x (target <= 1.2x); load average ${os.loadavg()[0].toFixed(1)}`);
  }
  const reference = torch ? torchPhases(torch) : null;
  console.log('\nlane-seconds per phase    cold    warm   PyTorch');
  for (const name of Object.keys(warm.phases)) {
    const cells = [cold.phases[name], warm.phases[name]].map((v) => (v ?? 0).toFixed(1).padStart(8)).join('');
    console.log(`${name.padEnd(24)}${cells}${reference ? (reference[name] ?? 0).toFixed(1).padStart(10) : ''}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
