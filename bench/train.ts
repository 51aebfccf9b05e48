/**
 * Training-speed benchmark (npx tsx bench/train.ts): the workloads of the PyTorch reference
 * (/work/shared/bench/torch_reference.py) on random data of the same shapes, one epoch each:
 *   logreg 784->10 and mlp 784-128-10 on 60,000 rows (batch 128, Adam),
 *   cnn conv16-pool-conv32-pool-dense10 on 2,000 28x28 images (batch 32, Adam).
 * Each workload runs in its own child process so its peak memory (max RSS) is its own.
 * Prints seconds, GFLOP/s (the reference's formula), peak memory, the ratio to PyTorch run
 * right after it on the same machine (when the reference works), and the throughput of the
 * whole worker-thread pool running several trainings at once.
 *
 * Options: --workload NAME (child mode, prints one JSON line), --skip-torch, --skip-pool,
 * --pool-runs N. Env: LETHE_ML_BACKEND, TORCH_REFERENCE (path to torch_reference.sh).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ThreadPool, defaultPoolSize } from '../lib/jobs/thread-pool';
import type { TrainTaskPayload, TrainTaskResult } from '../lib/jobs/thread-pool-handlers';
import type { DatasetArrays } from '../lib/data/types';
import { initMlBackend } from '../lib/ml/backend';
import { Model } from '../lib/ml/model';
import type { ModelSpecInput } from '../lib/ml/model-spec';
import { createTensorSet, disposeTensorSet } from '../lib/ml/tensor-set';
import { train } from '../lib/ml/train';
import { createRandom } from '../lib/random';

type WorkloadName = 'logreg' | 'mlp' | 'cnn';

interface Workload {
  name: WorkloadName;
  rows: number;
  batchSize: number;
  inputShape: number[];
  spec: ModelSpecInput;
  /** Multiply-adds per example, forward (as in torch_reference.py). */
  macs: number;
}

const WORKLOADS: Workload[] = [
  { name: 'logreg', rows: 60000, batchSize: 128, inputShape: [784], spec: { kind: 'logistic' }, macs: 784 * 10 },
  { name: 'mlp', rows: 60000, batchSize: 128, inputShape: [784], spec: { kind: 'mlp', hidden: [128] }, macs: 784 * 128 + 128 * 10 },
  {
    name: 'cnn',
    rows: 2000,
    batchSize: 32,
    inputShape: [28, 28, 1],
    spec: { kind: 'cnn', blocks: [{ filters: 16, kernelSize: 3 }, { filters: 32, kernelSize: 3 }] },
    macs: 26 * 26 * 16 * 9 + 11 * 11 * 32 * 16 * 9 + 800 * 10,
  },
];

interface Measurement {
  workload: WorkloadName;
  backend: string;
  seconds: number;
  gflops: number;
  peakMB: number;
  finalLoss: number;
}

function gflopOf(w: Workload): number {
  return (6 * w.macs * w.rows) / 1e9; // forward + backward ~ 3x forward, 2 FLOP per multiply-add
}

function randomInputs(w: Workload, seed: number): { matrix: Float32Array; labels: Int32Array } {
  const random = createRandom(seed);
  const width = w.inputShape.reduce((a, b) => a * b, 1);
  const matrix = new Float32Array(w.rows * width);
  for (let i = 0; i < matrix.length; i++) matrix[i] = random.next();
  const labels = new Int32Array(w.rows);
  for (let i = 0; i < w.rows; i++) labels[i] = random.int(10);
  return { matrix, labels };
}

const recipeFor = (w: Workload, seed: number) => ({ epochs: 1, batchSize: w.batchSize, optimizer: { kind: 'adam' as const, learningRate: 1e-3 }, seed });

/** Child mode: one workload, one epoch, timed; JSON on stdout. */
async function measureWorkload(w: Workload): Promise<Measurement> {
  const backend = await initMlBackend();
  const io = { inputShape: w.inputShape, numClasses: 10 };
  // warm-up: a few steps on a small slice so V8 has compiled the loop (not timed)
  {
    const small = { ...w, rows: w.batchSize * 8 };
    const data = randomInputs(small, 99);
    const set = createTensorSet(data.matrix, w.inputShape, data.labels, new Int32Array(small.rows).map((_, i) => i));
    const model = Model.create(w.spec, io, 99);
    await train({ model, set, recipe: recipeFor(small, 99) });
    model.dispose();
    disposeTensorSet(set);
  }
  const data = randomInputs(w, 1);
  const set = createTensorSet(data.matrix, w.inputShape, data.labels, new Int32Array(w.rows).map((_, i) => i));
  const model = Model.create(w.spec, io, 0);
  const started = performance.now();
  const result = await train({ model, set, recipe: recipeFor(w, 0) });
  const seconds = (performance.now() - started) / 1000;
  model.dispose();
  disposeTensorSet(set);
  return {
    workload: w.name,
    backend: backend.name,
    seconds,
    gflops: gflopOf(w) / seconds,
    peakMB: process.resourceUsage().maxRSS / 1024,
    finalLoss: result.finalLoss,
  };
}

function torchReference(): string | null {
  const candidates = [process.env.TORCH_REFERENCE, path.resolve('../shared/bench/torch_reference.sh'), '/work/shared/bench/torch_reference.sh'];
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? null;
}

function runTorch(script: string, w: WorkloadName): { seconds: number; gflops: number; framework: string } | { error: string } {
  const run = spawnSync(script, [w], { encoding: 'utf8', timeout: 300_000 });
  const line = run.stdout?.trim().split('\n').pop();
  if (run.status !== 0 || !line) return { error: (run.stderr || 'no output').trim().split('\n').pop() ?? 'failed' };
  const parsed = JSON.parse(line) as { seconds: number; gflops: number; framework: string };
  return parsed;
}

function runChild(w: WorkloadName): Measurement {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('bench/train.ts'), '--workload', w], {
    encoding: 'utf8',
    timeout: 600_000,
    env: process.env,
  });
  const line = child.stdout?.trim().split('\n').pop();
  if (child.status !== 0 || !line?.startsWith('{')) throw new Error(`workload ${w} failed: ${child.stderr}`);
  return JSON.parse(line) as Measurement;
}

function syntheticTabular(rows: number, width: number): DatasetArrays {
  const random = createRandom(5);
  const columns = Array.from({ length: width }, (_, c) => ({
    name: `f${c}`,
    type: 'numeric' as const,
    values: Float32Array.from({ length: rows }, () => random.next()),
  }));
  return {
    kind: 'tabular',
    rowCount: rows,
    columns,
    labels: Int32Array.from({ length: rows }, () => random.int(10)),
    classNames: Array.from({ length: 10 }, (_, i) => `c${i}`),
    groups: [],
    split: { train: Int32Array.from({ length: rows }, (_, i) => i), test: new Int32Array(0) },
  };
}

/** Several MLP trainings at once through the pool: aggregate examples per second. */
async function poolThroughput(runs: number): Promise<void> {
  const size = defaultPoolSize();
  const w = WORKLOADS[1];
  const data = syntheticTabular(w.rows, 784);
  const pool = new ThreadPool({ size });
  await pool.backendInfo();
  const payload = (seed: number): TrainTaskPayload => ({
    spec: w.spec,
    recipe: recipeFor(w, seed),
    trainRows: data.split.train,
  });
  // warm every thread (dataset transfer, JIT) before timing
  await Promise.all(Array.from({ length: size }, (_, i) => pool.run({ kind: 'train', payload: { ...payload(100 + i), trainRows: data.split.train.subarray(0, 2048) } }, { dataset: { hash: 'bench', load: () => data } })));
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: runs }, (_, i) => pool.run<TrainTaskResult>({ kind: 'train', payload: payload(i) }, { dataset: { hash: 'bench', load: () => data } })),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const perRun = results.reduce((s, r) => s + r.seconds, 0) / runs;
  console.log(
    `\npool: ${runs} x mlp (60,000 rows, 1 epoch) on ${size} threads: ${seconds.toFixed(2)} s wall, ` +
      `${(runs / seconds * 60).toFixed(1)} runs/min, ${((runs * w.rows) / seconds / 1000).toFixed(1)}k examples/s, ` +
      `${((runs * gflopOf(w)) / seconds).toFixed(1)} GFLOP/s aggregate; mean training time per run ${perRun.toFixed(2)} s`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const workloadArg = args.indexOf('--workload');
  if (workloadArg >= 0) {
    const w = WORKLOADS.find((x) => x.name === args[workloadArg + 1]);
    if (!w) throw new Error(`unknown workload ${args[workloadArg + 1]}`);
    console.log(JSON.stringify(await measureWorkload(w)));
    return;
  }
  const torch = args.includes('--skip-torch') ? null : torchReference();
  console.log(`backend: ${process.env.LETHE_ML_BACKEND ?? 'auto'}; PyTorch reference: ${torch ?? 'not found'}`);
  console.log('workload  rows    batch  seconds  GFLOP/s  peak MB  pytorch s  ratio');
  for (const w of WORKLOADS) {
    const m = runChild(w.name);
    const ref = torch ? runTorch(torch, w.name) : null;
    const refText = !ref ? '       n/a    n/a' : 'error' in ref ? `  failed: ${ref.error}` : `${ref.seconds.toFixed(3).padStart(10)}  ${(m.seconds / ref.seconds).toFixed(2).padStart(5)}`;
    console.log(
      `${w.name.padEnd(8)}  ${String(w.rows).padEnd(6)}  ${String(w.batchSize).padEnd(5)}  ${m.seconds.toFixed(3).padStart(7)}  ${m.gflops.toFixed(1).padStart(7)}  ${m.peakMB.toFixed(0).padStart(7)}  ${refText}   [${m.backend}]`,
    );
  }
  if (!args.includes('--skip-pool')) {
    const runsArg = args.indexOf('--pool-runs');
    await poolThroughput(runsArg >= 0 ? Number(args[runsArg + 1]) : defaultPoolSize() * 2);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
