/**
 * Training-speed benchmark (npx tsx bench/train.ts): the workloads of the PyTorch reference
 * (../shared/bench/torch_reference.py) on random data of the same shapes, one epoch each:
 *   logreg 784->10 and mlp 784-128-10 on 60,000 rows (batch 128, Adam),
 *   cnn conv16-pool-conv32-pool-dense10 on 2,000 28x28 images (batch 32, Adam).
 * Each run of a workload is its own child process, so its peak memory (max RSS) is its own.
 * Each workload runs --reps times (default 3) on our side and on PyTorch's, interleaved
 * (ours, PyTorch, ours, ...) so that load from other processes on a shared machine falls on
 * both. For each side it prints the median and best of the wall time and of the CPU time
 * spent in the timed loop (the PyTorch script runs unmodified; a wrapper reads its clock
 * calls), the wall and CPU ratios, GFLOP/s (the reference's formula, best run), peak
 * memory, the load average, and the throughput of the whole worker-thread pool running
 * several trainings at once. On a busy machine trust the CPU ratio; on an idle one the two
 * agree.
 *
 * The main rows run on LETHE_ML_BACKEND, else wasm. Every workload also runs with
 * LETHE_ML_BACKEND=ort (the default backend where onnxruntime-node loads: the ONNX Runtime
 * gradient step for logistic, MLP and CNN), interleaved with the others, in its own row
 * (--skip-ort leaves them out).
 *
 * Options: --reps N, --only logreg,mlp,cnn, --skip-torch, --skip-ort, --skip-pool, --pool-runs N,
 * --workload NAME (child mode, prints one JSON line).
 * Env: LETHE_ML_BACKEND, TORCH_REFERENCE (path to torch_reference.sh; default
 * ../shared/bench/torch_reference.sh relative to the project folder; no other place is tried).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ThreadPool, defaultPoolSize } from '../lib/jobs/thread-pool';
import { LANE_V8_FLAGS } from '../lib/jobs/pool-lane';
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
  /** CPU time (user + system) of this process during the timed run. */
  cpuSeconds: number;
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
  // warm-up on a small slice, not timed: V8 optimises a function only after it ran a while,
  // so 64 steps (4 epochs of 16 batches, little memory) keep the one-off JIT cost out of the
  // timed epoch (a real job pays it once, whatever its length)
  {
    const small = { ...w, rows: w.batchSize * 16 };
    const data = randomInputs(small, 99);
    const set = createTensorSet(data.matrix, w.inputShape, data.labels, new Int32Array(small.rows).map((_, i) => i));
    const model = Model.create(w.spec, io, 99);
    await train({ model, set, recipe: { ...recipeFor(small, 99), epochs: 4 } });
    model.dispose();
    disposeTensorSet(set);
  }
  const data = randomInputs(w, 1);
  const set = createTensorSet(data.matrix, w.inputShape, data.labels, new Int32Array(w.rows).map((_, i) => i));
  const model = Model.create(w.spec, io, 0);
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const result = await train({ model, set, recipe: recipeFor(w, 0) });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  model.dispose();
  disposeTensorSet(set);
  return {
    workload: w.name,
    backend: backend.name,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    gflops: gflopOf(w) / seconds,
    peakMB: process.resourceUsage().maxRSS / 1024,
    finalLoss: result.finalLoss,
  };
}

function torchReference(): string | null {
  const candidates = [process.env.TORCH_REFERENCE, path.resolve('../shared/bench/torch_reference.sh')];
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? null;
}

interface TorchRun {
  seconds: number;
  cpuSeconds: number;
}

/**
 * Runs the reference unmodified, but through a small wrapper that replaces time.perf_counter
 * (the only clock the script reads) with one that records wall and process CPU time at each
 * call, so we get both for exactly the span the script times. CPU time is what makes the
 * ratio meaningful on a shared machine: when other agents' processes take the cores, wall
 * time stretches for whichever side was unlucky, CPU time much less. The OpenBLAS set-up
 * mirrors torch_reference.sh.
 */
const TORCH_WRAPPER = `
import json, runpy, sys, time
real_clock = time.perf_counter
calls = []
def clock():
    calls.append((real_clock(), time.process_time()))
    return calls[-1][0]
time.perf_counter = clock
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
print(json.dumps({"seconds": calls[-1][0] - calls[0][0], "cpuSeconds": calls[-1][1] - calls[0][1]}))
`;

function runTorch(script: string, w: WorkloadName): TorchRun | { error: string } {
  const python = script.replace(/\.sh$/, '.py');
  const env = { ...process.env };
  const openblas = '/usr/lib/x86_64-linux-gnu/openblas-pthread';
  if (fs.existsSync(openblas)) {
    env.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${openblas}:${env.LD_LIBRARY_PATH}` : openblas;
    env.OPENBLAS_NUM_THREADS ??= '1';
  }
  const run = fs.existsSync(python)
    ? spawnSync('/usr/bin/python3', ['-c', TORCH_WRAPPER, python, w], { encoding: 'utf8', timeout: 300_000, env })
    : spawnSync(script, [w], { encoding: 'utf8', timeout: 300_000 });
  const line = run.stdout?.trim().split('\n').pop();
  if (run.status !== 0 || !line) return { error: (run.stderr || 'no output').trim().split('\n').pop() ?? 'failed' };
  const parsed = JSON.parse(line) as { seconds: number; cpuSeconds?: number };
  return { seconds: parsed.seconds, cpuSeconds: parsed.cpuSeconds ?? NaN };
}

/** One timed workload in a child process; `backend` sets its LETHE_ML_BACKEND. */
function runChild(w: WorkloadName, backend?: string): Measurement {
  // with the V8 flags of a pool lane, where runs train
  const child = spawnSync(process.execPath, [...LANE_V8_FLAGS, '--import', 'tsx', path.resolve('bench/train.ts'), '--workload', w], {
    encoding: 'utf8',
    timeout: 600_000,
    env: backend ? { ...process.env, LETHE_ML_BACKEND: backend } : process.env,
  });
  const line = child.stdout?.trim().split('\n').pop();
  if (child.status !== 0 || !line?.startsWith('{')) throw new Error(`workload ${w} failed: ${child.stderr}`);
  return JSON.parse(line) as Measurement;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
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
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const workloadArg = option('--workload');
  if (workloadArg) {
    const w = WORKLOADS.find((x) => x.name === workloadArg);
    if (!w) throw new Error(`unknown workload ${workloadArg}`);
    console.log(JSON.stringify(await measureWorkload(w)));
    return;
  }
  const reps = Math.max(1, Number(option('--reps') ?? 3));
  const only = option('--only')?.split(',');
  const workloads = WORKLOADS.filter((w) => !only || only.includes(w.name));
  const torch = args.includes('--skip-torch') ? null : torchReference();
  // the main rows run on LETHE_ML_BACKEND, else wasm (TF.js throughout); the ort rows beside them
  const mainBackend = process.env.LETHE_ML_BACKEND?.trim() || 'wasm';
  console.log(`backend: ${mainBackend} (and ort rows); PyTorch reference: ${torch ?? 'not found'}; ${reps} runs each, interleaved`);
  console.log(`load average before: ${loadAverage()} (${os.cpus().length} cores)`);
  const ours = new Map<WorkloadName, Measurement[]>();
  const onOrt = new Map<WorkloadName, Measurement[]>();
  const withOrt = !args.includes('--skip-ort') && mainBackend !== 'ort';
  const theirs = new Map<WorkloadName, TorchRun[]>();
  const torchErrors = new Map<WorkloadName, string>();
  // Interleave our run and PyTorch's for each workload, rep after rep, so a burst of load
  // from other processes hits both sides alike instead of skewing one column.
  for (let rep = 0; rep < reps; rep++) {
    for (const w of workloads) {
      const m = runChild(w.name, mainBackend);
      ours.set(w.name, [...(ours.get(w.name) ?? []), m]);
      let refText = '';
      if (torch) {
        const ref = runTorch(torch, w.name);
        if ('error' in ref) torchErrors.set(w.name, ref.error);
        else {
          theirs.set(w.name, [...(theirs.get(w.name) ?? []), ref]);
          refText = `  pytorch ${ref.seconds.toFixed(3)} s (cpu ${ref.cpuSeconds.toFixed(3)})`;
        }
      }
      let ortText = '';
      if (withOrt) {
        const o = runChild(w.name, 'ort');
        onOrt.set(w.name, [...(onOrt.get(w.name) ?? []), o]);
        ortText = `  ort ${o.seconds.toFixed(3)} s (cpu ${o.cpuSeconds.toFixed(3)})`;
      }
      console.log(`  run ${rep + 1}/${reps} ${w.name.padEnd(6)} ours ${m.seconds.toFixed(3)} s (cpu ${m.cpuSeconds.toFixed(3)})${ortText}${refText}   load ${loadAverage()}`);
    }
  }
  console.log(`load average after: ${loadAverage()}`);
  const pair = (a: number, b: number) => `${a.toFixed(3)} (${b.toFixed(3)})`;
  console.log('\nmedian (best) of each side; "cpu" = CPU seconds of the process during the timed loop');
  console.log('workload    rows   batch  ours wall s      ours cpu s       pytorch wall s   pytorch cpu s    ratio wall     ratio cpu      GFLOP/s  peak MB');
  const rows = workloads.flatMap((w) => [
    { w, runs: ours.get(w.name) ?? [], label: w.name },
    ...(onOrt.has(w.name) ? [{ w, runs: onOrt.get(w.name)!, label: `${w.name}/ort` }] : []),
  ]);
  for (const { w, runs, label } of rows) {
    const wall = runs.map((r) => r.seconds);
    const cpu = runs.map((r) => r.cpuSeconds);
    const peak = Math.max(...runs.map((r) => r.peakMB));
    const ref = theirs.get(w.name);
    let refText = ''.padEnd(66);
    if (ref) {
      const refWall = ref.map((r) => r.seconds);
      const refCpu = ref.map((r) => r.cpuSeconds);
      const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(2)} (${(Math.min(...a) / Math.min(...b)).toFixed(2)})`;
      refText = `${pair(median(refWall), Math.min(...refWall)).padEnd(17)}${pair(median(refCpu), Math.min(...refCpu)).padEnd(17)}${ratio(wall, refWall).padEnd(15)}${ratio(cpu, refCpu).padEnd(15)}`;
    } else if (torchErrors.has(w.name)) {
      refText = `pytorch failed: ${torchErrors.get(w.name)}`.padEnd(66);
    }
    console.log(
      `${label.padEnd(12)}${String(w.rows).padEnd(5)}  ${String(w.batchSize).padEnd(5)}  ${pair(median(wall), Math.min(...wall)).padEnd(17)}${pair(median(cpu), Math.min(...cpu)).padEnd(17)}${refText}${(gflopOf(w) / Math.min(...wall)).toFixed(1).padStart(7)}  ${peak.toFixed(0).padStart(7)}   [${runs[0]?.backend}]`,
    );
  }
  if (!args.includes('--skip-pool')) {
    const poolRuns = option('--pool-runs');
    await poolThroughput(poolRuns ? Number(poolRuns) : defaultPoolSize() * 2);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
