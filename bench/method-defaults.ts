/**
 * Method defaults benchmark (npm run bench:defaults): how each approximate method's settings do
 * their job on the digits dataset (1,438 train / 359 test rows), with the model and recipe a
 * digits study gets by default (lib/studies/defaults.ts: MLP 64-64-10, batch 16, Adam 1e-2,
 * 20 epochs). Three scenario kinds, each on 3 seeds (the original, retrain and the method
 * share the seed): one class (class 3), 2% random rows, and a subgroup (the 15% of rows with
 * the most ink in pixel row 2, across classes). Digits has no subject
 * column, so the subjects kind is not measured here.
 *
 * Per method and setting it prints forget / retain / test accuracy (mean over seeds) beside
 * retrain's and the original's, and for a class scenario the test accuracy on the other
 * classes. "gapF max" is the largest forget-accuracy gap to the same seed's retrain over seeds
 * (catches a setting that works on one seed only). The settings are the schema defaults
 * ("schema"), the per-kind defaults (defaultConfigFor, "chosen") and a few candidates.
 * SISA, Amnesiac and certified removal need their own original and are left out.
 *
 * --dataset fashion measures at a larger size: Fashion-MNIST, a seeded 10,000-row sample of
 * its training set and 2,000 of its test rows, an MLP 784-128-10 (as bench:unlearn; a study
 * of the images would default to a CNN, too slow for this bench) and the default recipe for
 * 10,000 image rows (batch 64, Adam 1e-3, 8 epochs); class 0 (T-shirt/top), and the subgroup
 * by ink in pixel row 14. Needs apt-get install -y dataset-fashion-mnist.
 *
 * Options: --dataset digits|fashion --methods a,b --scenarios class,random,subgroup --seeds 3
 * --candidates (also run the candidate settings; without it only "schema" and "chosen").
 */
import * as tf from '@tensorflow/tfjs';
import { defaultModelSpec, defaultRecipe } from '../lib/studies/defaults';
import { Model } from '../lib/ml/model';
import { disposeTensorSet, type TensorSet } from '../lib/ml/tensor-set';
import { train } from '../lib/ml/train';
import { parseTrainingRecipe, type TrainingRecipe } from '../lib/ml/training-recipe';
import { createRandom } from '../lib/random';
import { subsetByPositions } from '../lib/unlearning/common';
import { parseMethodConfig, type ScenarioKind } from '../lib/unlearning/contract';
import { accuracyOn, type Predictor } from '../lib/unlearning/predictor';
import { defaultConfigFor, getMethod } from '../lib/unlearning/registry';
import { createTensorSet } from '../lib/ml/tensor-set';
import { initMlBackend } from '../lib/ml/backend';
import { sampleWithoutReplacement } from '../lib/random';
import { loadDigits } from '../lib/unlearning/test-fixtures';
import { ingestFashion } from './fashion-mnist';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const METHOD_IDS = ['finetune', 'neggrad', 'neggrad-plus', 'random-labels', 'scrub', 'salun', 'ssd', 'fisher'];
const methodIds = option('methods')?.split(',') ?? METHOD_IDS;
const kinds = (option('scenarios')?.split(',') ?? ['class', 'random', 'subgroup']) as ScenarioKind[];
const seedCount = Number(option('seeds') ?? 3);
const withCandidates = args.includes('--candidates');
const fashion = option('dataset') === 'fashion';

/** Settings tried beside the schema defaults and the chosen per-kind defaults. */
const CANDIDATES: Record<string, Record<string, Record<string, unknown>>> = {
  finetune: {
    'full retain 5ep lr1e-2': { retainFraction: 1, epochs: 5, learningRate: 1e-2 },
    'half retain 5ep lr1e-2': { retainFraction: 0.5, epochs: 5, learningRate: 1e-2 },
    'full retain 3ep lr1e-2': { retainFraction: 1, epochs: 3, learningRate: 1e-2 },
    'full retain 10ep lr1e-2': { retainFraction: 1, epochs: 10, learningRate: 1e-2 },
    'full retain 5ep b16 lr1e-2': { retainFraction: 1, epochs: 5, batchSize: 16, learningRate: 1e-2 },
    'full retain 5ep b16 lr3e-3': { retainFraction: 1, epochs: 5, batchSize: 16, learningRate: 3e-3 },
    'full retain 8ep b16 lr1e-2': { retainFraction: 1, epochs: 8, batchSize: 16, learningRate: 1e-2 },
    'full retain 10ep b16 lr1e-2': { retainFraction: 1, epochs: 10, batchSize: 16, learningRate: 1e-2 },
    'full retain 5ep b8 lr1e-2': { retainFraction: 1, epochs: 5, batchSize: 8, learningRate: 1e-2 },
    'full retain 5ep lr1e-3': { retainFraction: 1, epochs: 5, learningRate: 1e-3 },
    'full retain 5ep lr3e-3': { retainFraction: 1, epochs: 5, learningRate: 3e-3 },
    'full retain 10ep lr3e-3': { retainFraction: 1, epochs: 10, learningRate: 3e-3 },
  },
  neggrad: {
    'lr1e-3 100 steps': { learningRate: 1e-3, minSteps: 100 },
    'lr3e-3 50 steps': { learningRate: 3e-3, minSteps: 50 },
    'lr1e-3 60 steps': { learningRate: 1e-3, minSteps: 60 },
    'lr1e-3 80 steps': { learningRate: 1e-3, minSteps: 80 },
    'lr1e-4 10 steps': { learningRate: 1e-4, minSteps: 10 },
    'lr1e-3 30 steps': { learningRate: 1e-3, minSteps: 30 },
  },
  'neggrad-plus': {
    '100 steps': { minSteps: 100 },
    'alpha .9 100 steps': { alpha: 0.9, minSteps: 100 },
    '60 steps': { minSteps: 60 },
    '80 steps': { minSteps: 80 },
    '10 steps lr1e-4': { minSteps: 10, learningRate: 1e-4 },
    '10 steps': { minSteps: 10 },
  },
  'random-labels': {
    '10 steps lr1e-4': { epochs: 1, minSteps: 10, learningRate: 1e-4 },
    '5 steps lr1e-4': { epochs: 1, minSteps: 5, learningRate: 1e-4 },
    '10 steps lr3e-4': { epochs: 1, minSteps: 10, learningRate: 3e-4 },
    '60 steps': { minSteps: 60 },
    '100 steps': { minSteps: 100 },
    '50 steps lr3e-3': { minSteps: 50, learningRate: 3e-3 },
    '150 steps': { minSteps: 150 },
    '80 steps lr2e-3': { minSteps: 80, learningRate: 2e-3 },
  },
  scrub: {
    '50 max-steps': { minForgetSteps: 50 },
    '30 max-steps lr1e-3': { minForgetSteps: 30, learningRate: 1e-3 },
    '5 max-steps': { minForgetSteps: 5 },
    '3 epochs 1 max': { epochs: 3, maxEpochs: 1, minForgetSteps: 5 },
    '20 max-steps lr1e-3': { minForgetSteps: 20, learningRate: 1e-3 },
    '40 max-steps lr1e-3': { minForgetSteps: 40, learningRate: 1e-3 },
    '50 max-steps lr1e-3': { minForgetSteps: 50, learningRate: 1e-3 },
  },
  salun: {
    '10 steps lr1e-4': { epochs: 1, minSteps: 10, learningRate: 1e-4 },
    '5 steps lr1e-4': { epochs: 1, minSteps: 5, learningRate: 1e-4 },
    '10 steps lr3e-4': { epochs: 1, minSteps: 10, learningRate: 3e-4 },
    '60 steps': { minSteps: 60 },
    '100 steps': { minSteps: 100 },
    '50 steps lr3e-3': { minSteps: 50, learningRate: 3e-3 },
    '150 steps': { minSteps: 150 },
    '80 steps lr2e-3': { minSteps: 80, learningRate: 2e-3 },
  },
  ssd: {
    'alpha 1': { alpha: 1 },
    'alpha 100': { alpha: 100 },
    'alpha 30': { alpha: 30 },
    'lambda 0.5': { lambda: 0.5 },
    'alpha 30 lambda 0.5': { alpha: 30, lambda: 0.5 },
  },
  fisher: {
    'alpha 1e-7': { alpha: 1e-7 },
    'alpha 1e-6': { alpha: 1e-6 },
    'maxVariance 1e-2': { maxVariance: 1e-2 },
    'alpha 1e-6 maxVariance 1e-2': { alpha: 1e-6, maxVariance: 1e-2 },
  },
};

interface Scores {
  forget: number;
  retain: number;
  test: number;
  /** Test accuracy on the classes not forgotten (class scenarios; else = test). */
  testOther: number;
}

interface Scenario {
  kind: ScenarioKind;
  label: string;
  forget: TensorSet;
  retain: TensorSet;
  /** The test rows of the classes kept (class scenario), else the whole test set. */
  testOther: TensorSet;
}

function partition(set: TensorSet, isForget: (position: number) => boolean): { forget: TensorSet; retain: TensorSet } {
  const f: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < set.size; i++) (isForget(i) ? f : r).push(i);
  return { forget: subsetByPositions(set, Int32Array.from(f)), retain: subsetByPositions(set, Int32Array.from(r)) };
}

const FORGET_CLASS = fashion ? 0 : 3;
/** The pixel row whose ink defines the subgroup, and the image width. */
const [INK_ROW, WIDTH] = fashion ? [14, 28] : [2, 8];

function makeScenario(kind: ScenarioKind, trainSet: TensorSet, test: TensorSet): Scenario {
  if (kind === 'class') {
    const split = partition(trainSet, (i) => trainSet.labelValues[i] === FORGET_CLASS);
    const other = partition(test, (i) => test.labelValues[i] !== FORGET_CLASS).forget;
    return { kind, label: `class ${FORGET_CLASS}`, ...split, testOther: other };
  }
  if (kind === 'random') {
    const random = createRandom(42);
    return { kind, label: '2% random rows', ...partition(trainSet, () => random.next() < 0.02), testOther: test };
  }
  // subgroup: rows with the most ink in one pixel row (sum of its inputs), top 15%
  const ink = tf.tidy(() => trainSet.x.slice([0, INK_ROW * WIDTH], [trainSet.size, WIDTH]).sum(1));
  const column = Float32Array.from(ink.dataSync());
  ink.dispose();
  const threshold = Float32Array.from(column).sort()[Math.floor(0.85 * column.length)];
  return { kind, label: `subgroup: top 15% ink in pixel row ${INK_ROW}`, ...partition(trainSet, (i) => column[i] > threshold), testOther: test };
}

function scores(model: Predictor, s: Scenario, test: TensorSet): Scores {
  return { forget: accuracyOn(model, s.forget), retain: accuracyOn(model, s.retain), test: accuracyOn(model, test), testOther: accuracyOn(model, s.testOther) };
}

async function trainOn(set: TensorSet, recipe: TrainingRecipe, numClasses: number): Promise<Model> {
  const io = { inputShape: set.inputShape, numClasses };
  const model = Model.create(fashion ? { kind: 'mlp', hidden: [128], activation: 'relu', dropout: 0 } : defaultModelSpec(io), io, recipe.seed);
  await train({ model, set, recipe });
  return model;
}

const pct = (v: number) => (100 * v).toFixed(1).padStart(5);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function row(name: string, per: Scores[], refs: Scores[], seconds?: number): string {
  const m = (k: keyof Scores) => mean(per.map((s) => s[k]));
  const gapF = Math.max(...per.map((s, i) => Math.abs(s.forget - refs[i].forget)));
  const gapT = mean(per.map((s, i) => Math.abs(s.test - refs[i].test)));
  const gapTo = mean(per.map((s, i) => Math.abs(s.testOther - refs[i].testOther)));
  return `${name.padEnd(34)} F ${pct(m('forget'))}  R ${pct(m('retain'))}  T ${pct(m('test'))}  Tother ${pct(m('testOther'))} | gapF max ${pct(gapF)}  gapT ${pct(gapT)}  gapTother ${pct(gapTo)}${seconds === undefined ? '' : `  ${seconds.toFixed(2)}s`}`;
}

/** A seeded sample of Fashion-MNIST's rows as flat [784] inputs in [0, 1]. */
async function loadFashionSample(trainRows: number, testRows: number): Promise<{ train: TensorSet; test: TensorSet; numClasses: number; inputShape: number[]; dispose(): void }> {
  await initMlBackend();
  const { dataset } = await ingestFashion();
  const pixels = dataset.pixels!;
  const make = (all: Int32Array, count: number, seed: number) => {
    const rows = Int32Array.from(sampleWithoutReplacement(all.length, count, createRandom(seed)), (i) => all[i]);
    const matrix = new Float32Array(rows.length * 784);
    for (let r = 0; r < rows.length; r++) for (let k = 0; k < 784; k++) matrix[r * 784 + k] = pixels[rows[r] * 784 + k] / 255;
    return createTensorSet(matrix, [784], Int32Array.from(rows, (row) => dataset.labels[row]), rows);
  };
  const train = make(dataset.split.train, trainRows, 1);
  const test = make(dataset.split.test, testRows, 2);
  return { train, test, numClasses: 10, inputShape: [784], dispose: () => [train, test].forEach(disposeTensorSet) };
}

async function main(): Promise<void> {
  const data = fashion ? await loadFashionSample(10_000, 2_000) : await loadDigits();
  const io = { inputShape: data.inputShape, numClasses: data.numClasses };
  const baseRecipe = defaultRecipe(data.train.size, fashion);
  console.log(`${fashion ? 'Fashion-MNIST sample' : 'digits'}: ${data.train.size} train / ${data.test.size} test rows; model ${fashion ? 'MLP 784-128-10' : JSON.stringify(defaultModelSpec(io))}; recipe ${JSON.stringify(baseRecipe)}; seeds 1-${seedCount}`);
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const recipes = seeds.map((seed) => parseTrainingRecipe({ ...baseRecipe, seed }));
  const originals = await Promise.all(recipes.map((r) => trainOn(data.train, r, data.numClasses)));
  for (const kind of kinds) {
    const s = makeScenario(kind, data.train, data.test);
    console.log(`\n== ${s.label}: forget ${s.forget.size}, retain ${s.retain.size}, test ${data.test.size} (other classes ${s.testOther.size})`);
    const retrained: Model[] = [];
    for (const recipe of recipes) retrained.push(await trainOn(s.retain, recipe, data.numClasses));
    const refs = retrained.map((m) => scores(m, s, data.test));
    console.log(row('retrain', refs, refs));
    console.log(row('original (do nothing)', originals.map((m) => scores(m, s, data.test)), refs));
    for (const id of methodIds) {
      const method = getMethod(id);
      const settings: [string, Record<string, unknown>][] = [
        ['schema', {}],
        ['chosen', defaultConfigFor(id, { scenarioKind: kind, trainRows: data.train.size, forgetRows: s.forget.size })],
        ...(withCandidates ? Object.entries(CANDIDATES[id] ?? {}) : []),
      ];
      for (const [name, raw] of settings) {
        const config = parseMethodConfig(method, raw);
        const per: Scores[] = [];
        const started = performance.now();
        for (let k = 0; k < seeds.length; k++) {
          const result = await method.run({
            original: originals[k],
            spec: originals[k].spec,
            recipe: recipes[k],
            retain: s.retain,
            forget: s.forget,
            config,
            context: { progress: () => undefined, random: createRandom(seeds[k]), artifacts: {} },
          });
          per.push(scores(result.model, s, data.test));
          result.model.dispose();
        }
        console.log(row(`${id} ${name}`, per, refs, (performance.now() - started) / 1000 / seeds.length));
      }
    }
    retrained.forEach((m) => m.dispose());
    [s.forget, s.retain].forEach(disposeTensorSet);
    if (s.testOther !== data.test) disposeTensorSet(s.testOther);
  }
  originals.forEach((m) => m.dispose());
  data.dispose();
  console.log(`\ntensors alive at the end: ${tf.memory().numTensors}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
