/**
 * Evaluation benchmark (npm run bench:eval): the per-example outputs of every model of a
 * Fashion-MNIST study on all 70,000 examples (60,000 train + 10,000 test), computed by today's
 * TensorFlow.js wasm path (predictOutputs) and by ONNX Runtime (openOutputs: graph export,
 * session creation and all batches are counted), in one run, with the ratio.
 *
 * The study is the one of issue 17's measurement: a random 2% of the training rows, MLP
 * 784-128-10, 3 epochs, seeds 1-4; per seed the original, the retrained reference (without a
 * random 10% forget set) and Fine-tune, NegGrad+ and SSD with their defaults: 20 models.
 * Beside it, one model of each other kind Lethe evaluates (logistic, the CNN of bench:train,
 * a 5-shard SISA MLP ensemble with vote aggregation), at their seeded initialisation: the cost
 * of a forward pass does not depend on the weight values.
 *
 * Each model is timed wasm, ORT with 1 intra-op thread, ORT with all cores (what a run gets
 * when it is alone in the pool), interleaved so load from other processes falls on all three,
 * --reps times (default 3), keeping each one's best wall time. The CPU time of the process
 * (all its threads) is printed for wasm and ORT 1 thread too: on a busy machine trust the CPU
 * ratio. The outputs are compared (max |p_ort - p_wasm|). Target: ORT at least 5x faster.
 *
 * Data: apt-get install -y dataset-fashion-mnist (IDX files under /usr/share/datasets).
 * Options: --seeds N (default 4), --rows N (evaluate only the first N examples, for a quick run),
 * --reps N (default 3).
 */
import { fashionAvailable, ingestFashion } from './fashion-mnist';
import os from 'node:os';
import { initMlBackend } from '../lib/ml/backend';
import { Model } from '../lib/ml/model';
import { parseModelSpec, type ModelSpecInput } from '../lib/ml/model-spec';
import { chooseEvaluationEngine, type EvaluationEngine } from '../lib/ml/onnx/ort-runtime';
import { createTensorSet, disposeTensorSet, type TensorSet } from '../lib/ml/tensor-set';
import { train } from '../lib/ml/train';
import { parseTrainingRecipe } from '../lib/ml/training-recipe';
import { createRandom, sampleWithoutReplacement } from '../lib/random';
import { subsetByPositions } from '../lib/unlearning/common';
import { parseMethodConfig } from '../lib/unlearning/contract';
import { openOutputs } from '../lib/unlearning/outputs-engine';
import { EnsemblePredictor, predictOutputs, type Predictor, type PredictorOutputs } from '../lib/unlearning/predictor';
import { getMethod } from '../lib/unlearning/registry';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const seeds = Number(option('seeds') ?? 4);
const rowLimit = option('rows') ? Number(option('rows')) : undefined;
const reps = Number(option('reps') ?? 3);

const MLP = parseModelSpec({ kind: 'mlp', hidden: [128] });
const CNN: ModelSpecInput = { kind: 'cnn', blocks: [{ filters: 16, kernelSize: 3 }, { filters: 32, kernelSize: 3 }] };
const METHODS = ['finetune', 'neggrad-plus', 'ssd'];

interface Pixels {
  flat: Float32Array;
  labels: Int32Array;
  trainRows: Int32Array;
}

async function loadFashion(): Promise<Pixels> {
  const { dataset } = await ingestFashion();
  const rows = rowLimit ? Math.min(rowLimit, dataset.rowCount) : dataset.rowCount;
  const flat = new Float32Array(rows * 784);
  const pixels = dataset.pixels!;
  for (let i = 0; i < flat.length; i++) flat[i] = pixels[i] / 255;
  return { flat, labels: dataset.labels.slice(0, rows), trainRows: dataset.split.train.filter((r) => r < rows) };
}

interface Entry {
  name: string;
  predictor: Predictor;
  /** Which of the two input layouts it reads. */
  images: boolean;
}

/** The study's 20 models: original, retrain and three methods per seed, trained as a study would. */
async function studyModels(all: TensorSet, trainRows: Int32Array): Promise<Entry[]> {
  const entries: Entry[] = [];
  const io = { inputShape: [784], numClasses: 10 };
  for (let seed = 1; seed <= seeds; seed++) {
    const random = createRandom(seed);
    const sample = sampleWithoutReplacement(trainRows.length, Math.round(trainRows.length * 0.02), random);
    const positions = Int32Array.from(sample, (i) => trainRows[i]);
    const forgetCount = Math.round(positions.length * 0.1);
    const forget = subsetByPositions(all, positions.subarray(0, forgetCount));
    const retain = subsetByPositions(all, positions.subarray(forgetCount));
    const trainSet = subsetByPositions(all, positions);
    const recipe = parseTrainingRecipe({ epochs: 3, batchSize: 128, optimizer: { kind: 'adam', learningRate: 1e-3 }, seed });
    const original = Model.create(MLP, io, seed);
    await train({ model: original, set: trainSet, recipe });
    const retrained = Model.create(MLP, io, seed);
    await train({ model: retrained, set: retain, recipe });
    entries.push({ name: `original s${seed}`, predictor: original, images: false }, { name: `retrain s${seed}`, predictor: retrained, images: false });
    for (const id of METHODS) {
      const method = getMethod(id);
      const result = await method.run({ original, spec: MLP, recipe, retain, forget, config: parseMethodConfig(method, {}), context: { progress: () => undefined, random: createRandom(seed + 100), artifacts: {} } });
      entries.push({ name: `${id} s${seed}`, predictor: result.model, images: false });
    }
    [forget, retain, trainSet].forEach(disposeTensorSet);
  }
  return entries;
}

function otherKinds(): Entry[] {
  const flatIo = { inputShape: [784], numClasses: 10 };
  return [
    { name: 'logistic (init)', predictor: Model.create({ kind: 'logistic' }, flatIo, 1), images: false },
    { name: 'cnn c16-c32 (init)', predictor: Model.create(CNN, { inputShape: [28, 28, 1], numClasses: 10 }, 1), images: true },
    {
      name: 'sisa 5 x mlp128 (init)',
      predictor: new EnsemblePredictor([1, 2, 3, 4, 5].map((s) => Model.create(MLP, flatIo, s)), 'vote'),
      images: false,
    },
  ];
}

interface Timing {
  wall: number;
  cpu: number;
}

async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await f();
  return [value, (performance.now() - started) / 1000];
}

/** Wall and CPU seconds (user + system, all threads of this process) of `f`. */
async function measured<T>(f: () => Promise<T> | T): Promise<[T, Timing]> {
  const cpuBefore = process.cpuUsage();
  const [value, wall] = await timed(f);
  const cpu = process.cpuUsage(cpuBefore);
  return [value, { wall, cpu: (cpu.user + cpu.system) / 1e6 }];
}

const best = (a: Timing | null, b: Timing): Timing => (a ? { wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) } : b);

async function onOrt(predictor: Predictor, set: TensorSet, engine: EvaluationEngine): Promise<PredictorOutputs> {
  const evaluator = await openOutputs(predictor, engine);
  try {
    return await evaluator.outputs(set);
  } finally {
    await evaluator.close();
  }
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

async function main(): Promise<void> {
  if (!fashionAvailable()) return;
  const backend = await initMlBackend();
  const cores = os.availableParallelism();
  const ort1 = await chooseEvaluationEngine({ force: 'ort', poolThreads: 1 });
  const ortAll = await chooseEvaluationEngine({ force: 'ort', poolThreads: cores });
  console.log(`TF.js backend ${backend.tfBackend} (Lethe backend ${backend.name}); ${ort1.versions['onnxruntime-node'] ? `onnxruntime-node ${ort1.versions['onnxruntime-node']}` : 'ORT'}; ${cores} cores; load ${os.loadavg()[0].toFixed(2)}`);
  const data = await loadFashion();
  const rowIds = Int32Array.from({ length: data.labels.length }, (_, i) => i);
  const flatSet = createTensorSet(data.flat, [784], data.labels, rowIds);
  const imageSet = createTensorSet(data.flat, [28, 28, 1], data.labels, rowIds);
  console.log(`evaluating on ${flatSet.size.toLocaleString('en')} examples; training the study's models...`);
  const [study, trainSeconds] = await timed(() => studyModels(flatSet, data.trainRows));
  console.log(`${study.length} study models trained in ${trainSeconds.toFixed(1)} s\n`);
  const entries = [...study, ...otherKinds()];
  // wall wasm, wall ORT 1t, wall ORT all, cpu wasm, cpu ORT 1t
  const totals = { study: [0, 0, 0, 0, 0], other: [0, 0, 0, 0, 0] };
  const header = ['wasm s', 'ORT 1t s', `ORT ${cores}t s`, 'x 1t', `x ${cores}t`, 'cpu wasm', 'cpu ORT', 'x cpu'];
  console.log(`${'model (best of ' + reps + ')'.padEnd(10)} ${header.map((h) => h.padStart(9)).join(' ')}  max|dp|`);
  const row = (name: string, [w, o1, oa, cw, co]: number[], extra = '') =>
    console.log(`${name.padEnd(24)} ${[w, o1, oa].map((v) => v.toFixed(3).padStart(9)).join(' ')} ${[w / o1, w / oa].map((v) => v.toFixed(1).padStart(9)).join(' ')} ${[cw, co].map((v) => v.toFixed(3).padStart(9)).join(' ')} ${(cw / co).toFixed(1).padStart(9)}${extra}`);
  for (const [i, entry] of entries.entries()) {
    const set = entry.images ? imageSet : flatSet;
    let wasmTime: Timing | null = null;
    let ortTime: Timing | null = null;
    let ortAllTime: Timing | null = null;
    let difference = 0;
    for (let rep = 0; rep < reps; rep++) {
      const [wasm, w] = await measured(() => predictOutputs(entry.predictor, set));
      const [ort, o] = await measured(() => onOrt(entry.predictor, set, ort1));
      const [, oa] = await measured(() => onOrt(entry.predictor, set, ortAll));
      [wasmTime, ortTime, ortAllTime] = [best(wasmTime, w), best(ortTime, o), best(ortAllTime, oa)];
      difference = Math.max(difference, maxDifference(ort.probabilities, wasm.probabilities));
    }
    const values = [wasmTime!.wall, ortTime!.wall, ortAllTime!.wall, wasmTime!.cpu, ortTime!.cpu];
    const bucket = i < study.length ? totals.study : totals.other;
    values.forEach((v, j) => (bucket[j] += v));
    row(entry.name, values, `  ${difference.toExponential(1)}`);
    entry.predictor.dispose();
  }
  console.log('');
  row(`study (${study.length} models)`, totals.study);
  row('other kinds (3)', totals.other);
  const wallRatio = totals.study[0] / totals.study[1];
  const cpuRatio = totals.study[3] / totals.study[4];
  console.log(`\nstudy evaluation, ORT 1 thread vs wasm: ${wallRatio.toFixed(1)}x wall, ${cpuRatio.toFixed(1)}x CPU (target >= 5x); load ${os.loadavg()[0].toFixed(2)}`);
  disposeTensorSet(flatSet);
  disposeTensorSet(imageSet);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
