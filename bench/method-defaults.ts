/**
 * Method defaults benchmark (npm run bench:defaults): how each approximate method's settings do
 * their job on the digits dataset (1,438 train / 359 test rows), with the model and recipe a
 * digits study gets by default (lib/studies/defaults.ts: MLP 64-64-10, batch 16, Adam 1e-2,
 * 20 epochs). Four scenario kinds, each on 3 seeds (the original, retrain and the method
 * share the seed): one class (class 3), 2% random rows, whole data subjects (about 2% of the
 * rows), and a subgroup (the 15% of rows with the most ink in pixel row 2, across classes).
 * Neither dataset has a subject column: the subjects are DERIVED pseudo-subjects, rows of
 * one style across classes (pseudoSubjects in lib/unlearning/test-fixtures.ts: k-means on
 * per-class z-scores of ink, centre, spread and slant, 20 rows per subject on average), and
 * whole ones are forgotten in seeded order until 2% of the rows.
 *
 * Per method and setting it prints forget / retain / test accuracy (mean over seeds) beside
 * retrain's and the original's, and for a class scenario the test accuracy on the other
 * classes. "gapF max" is the largest forget-accuracy gap to the same seed's retrain over seeds
 * (catches a setting that works on one seed only). The settings are the schema defaults
 * ("schema"), the per-kind defaults (defaultConfigFor, "chosen") and a few candidates.
 * Amnesiac gets an original of its own per scenario and seed, trained the same way while
 * recording the updates of the batches that held the forget rows; SISA and certified removal
 * need another kind of original and are left out.
 *
 * --dataset fashion measures at a larger size: Fashion-MNIST, a seeded 10,000-row sample of
 * its training set and 2,000 of its test rows, an MLP 784-128-10 (as bench:unlearn; a study
 * of the images would default to a CNN, too slow for this bench) and the default recipe for
 * 10,000 image rows (batch 64, Adam 1e-3, 8 epochs); class 0 (T-shirt/top), and the subgroup
 * by ink in pixel row 14. Needs apt-get install -y dataset-fashion-mnist.
 *
 * --dataset credit is the third check of the subjects kind, on real subjects: the synthetic
 * credit data the demo seeds (lib/data/synthetic-credit.ts, seed 7: 300 customers with 1-12
 * monthly applications each, customer_id the subject column; approve or deny), the default
 * tabular model and recipe; whole customers are forgotten in seeded order until 2% of the
 * training rows. Only random rows and subjects apply (two classes, no image to draw a
 * subgroup from).
 *
 * Options: --dataset digits|fashion|credit --methods a,b --scenarios class,random,subjects,subgroup --seeds 3
 * --candidates (also run the candidate settings; without it only "schema" and "chosen").
 */
import * as tf from '@tensorflow/tfjs';
import { defaultModelSpec, defaultRecipe } from '../lib/studies/defaults';
import { Model } from '../lib/ml/model';
import { disposeTensorSet, type TensorSet } from '../lib/ml/tensor-set';
import { train } from '../lib/ml/train';
import { parseTrainingRecipe, type TrainingRecipe } from '../lib/ml/training-recipe';
import { createRandom } from '../lib/random';
import { parseMethodConfig, type ScenarioKind } from '../lib/unlearning/contract';
import { accuracyOn, type Predictor } from '../lib/unlearning/predictor';
import { defaultConfigFor, getMethod } from '../lib/unlearning/registry';
import { createTensorSet } from '../lib/ml/tensor-set';
import { initMlBackend } from '../lib/ml/backend';
import { sampleWithoutReplacement } from '../lib/random';
import { loadDigits, pseudoSubjects, splitByInk, splitByLabel, splitRandom, splitSubjects } from '../lib/unlearning/test-fixtures';
import { ingestCsv } from '../lib/data';
import { syntheticCreditCsv } from '../lib/data/synthetic-credit';
import { computeEncodingStats, encodeInputs, labelsOf } from '../lib/ml/encode-inputs';
import type { ModelSpecInput } from '../lib/ml/model-spec';
import type { UnlearningArtifacts } from '../lib/unlearning/artifacts';
import { trainWithUpdateCapture } from '../lib/unlearning/methods/amnesiac';
import { ingestFashion } from './fashion-mnist';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const METHOD_IDS = ['finetune', 'neggrad', 'neggrad-plus', 'random-labels', 'scrub', 'salun', 'ssd', 'fisher', 'amnesiac'];
const methodIds = option('methods')?.split(',') ?? METHOD_IDS;
const kinds = (option('scenarios')?.split(',') ?? (option('dataset') === 'credit' ? ['random', 'subjects'] : ['class', 'random', 'subjects', 'subgroup'])) as ScenarioKind[];
const seedCount = Number(option('seeds') ?? 3);
const withCandidates = args.includes('--candidates');
const fashion = option('dataset') === 'fashion';
const credit = option('dataset') === 'credit';

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
  // learning rate × at least this many steps
  neggrad: Object.fromEntries(
    [[1e-3, 60], [1e-3, 30], [3e-4, 30], [1e-4, 30], [1e-4, 10], [1e-4, 5], [7e-5, 30], [6e-5, 30], [5e-5, 50], [5e-5, 30], [3e-5, 30], [3e-5, 10], [1e-5, 10]].map(([learningRate, minSteps]) => [
      `lr${learningRate.toExponential(0)} ${minSteps} steps`,
      { learningRate, minSteps },
    ]),
  ),
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
    'alpha 3': { alpha: 3 },
    'alpha 5': { alpha: 5 },
    'alpha 20': { alpha: 20 },
    'alpha 50': { alpha: 50 },
    'alpha 100': { alpha: 100 },
    'lambda 0.1': { lambda: 0.1 },
    'lambda 3': { lambda: 3 },
    'alpha 5 lambda 0.1': { alpha: 5, lambda: 0.1 },
    'alpha 1 lambda 3': { alpha: 1, lambda: 3 },
    'alpha 2 lambda 2': { alpha: 2, lambda: 2 },
    'alpha 3 lambda 3': { alpha: 3, lambda: 3 },
    'alpha 5 lambda 5': { alpha: 5, lambda: 5 },
    'alpha 10 lambda 10': { alpha: 10, lambda: 10 },
    'alpha 3 lambda 10': { alpha: 3, lambda: 10 },
    'batch 256': { batchSize: 256 },
  },
  amnesiac: {
    'repair 3 epochs': { fineTuneEpochs: 3 },
    'repair half retain': { retainFraction: 0.5 },
    'repair full retain 3 epochs': { retainFraction: 1, fineTuneEpochs: 3 },
    'repair full retain lr1e-2': { retainFraction: 1, learningRate: 1e-2 },
    'repair full retain lr1e-2 3 epochs': { retainFraction: 1, learningRate: 1e-2, fineTuneEpochs: 3 },
    'repair full retain b16 lr1e-2': { retainFraction: 1, batchSize: 16, learningRate: 1e-2 },
    'repair full retain b16 lr1e-2 3 epochs': { retainFraction: 1, batchSize: 16, learningRate: 1e-2, fineTuneEpochs: 3 },
    'repair full retain 2 epochs': { retainFraction: 1, fineTuneEpochs: 2 },
    'repair half retain 2 epochs': { retainFraction: 0.5, fineTuneEpochs: 2 },
    'no repair': { fineTuneEpochs: 0 },
  },
  fisher: {
    'alpha 3e-8': { alpha: 3e-8 },
    'alpha 1e-7': { alpha: 1e-7 },
    'alpha 3e-7': { alpha: 3e-7 },
    'alpha 1e-6': { alpha: 1e-6 },
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

const FORGET_CLASS = fashion ? 0 : 3;
/** Mean rows per derived pseudo-subject (test-fixtures.ts pseudoSubjects). */
const ROWS_PER_SUBJECT = 20;
/** The pixel row whose ink defines the subgroup, and the image width. */
const [INK_ROW, WIDTH] = fashion ? [14, 28] : [2, 8];

interface BenchData {
  train: TensorSet;
  test: TensorSet;
  numClasses: number;
  inputShape: number[];
  /** Each training row's subject, when the data has a subject column (credit). */
  subjects?: Int32Array;
  dispose(): void;
}

function makeScenario(kind: ScenarioKind, { train: trainSet, test, numClasses, subjects: realSubjects }: BenchData): Scenario {
  if (kind === 'class') {
    const [forget, retain] = splitByLabel(trainSet, (label) => label === FORGET_CLASS);
    const [other, forgottenTest] = splitByLabel(test, (label) => label !== FORGET_CLASS);
    disposeTensorSet(forgottenTest);
    return { kind, label: `class ${FORGET_CLASS}`, forget, retain, testOther: other };
  }
  if (kind === 'random') {
    const [forget, retain] = splitRandom(trainSet, 0.02, 42);
    return { kind, label: '2% random rows', forget, retain, testOther: test };
  }
  if (kind === 'subjects') {
    const subjects = realSubjects ?? pseudoSubjects(trainSet, numClasses, WIDTH, ROWS_PER_SUBJECT, 42);
    const { forget, retain, forgotten } = splitSubjects(trainSet, subjects, 0.02, 42);
    const classes = new Set(forget.labelValues).size;
    return { kind, label: `${forgotten.length} of ${Math.max(...subjects) + 1} ${realSubjects ? 'customers' : 'derived pseudo-subjects'} (${classes} classes)`, forget, retain, testOther: test };
  }
  if (credit) throw new Error(`the credit data has no ${kind} scenario here: use --scenarios random,subjects`);
  const [forget, retain] = splitByInk(trainSet, INK_ROW, WIDTH, 0.15);
  return { kind, label: `subgroup: top 15% ink in pixel row ${INK_ROW}`, forget, retain, testOther: test };
}

function scores(model: Predictor, s: Scenario, test: TensorSet): Scores {
  return { forget: accuracyOn(model, s.forget), retain: accuracyOn(model, s.retain), test: accuracyOn(model, test), testOther: accuracyOn(model, s.testOther) };
}

const FASHION_MLP: ModelSpecInput = { kind: 'mlp', hidden: [128], activation: 'relu', dropout: 0 };

async function trainOn(set: TensorSet, recipe: TrainingRecipe, numClasses: number): Promise<Model> {
  const io = { inputShape: set.inputShape, numClasses };
  const model = Model.create(fashion ? FASHION_MLP : defaultModelSpec(io), io, recipe.seed);
  await train({ model, set, recipe });
  return model;
}

async function trainCaptured(data: BenchData, forgetRows: Int32Array, recipe: TrainingRecipe): Promise<{ model: Model; artifacts: UnlearningArtifacts }> {
  const io = { inputShape: data.inputShape, numClasses: data.numClasses };
  const model = Model.create(fashion ? FASHION_MLP : defaultModelSpec(io), io, recipe.seed);
  const amnesiac = await trainWithUpdateCapture(model, data.train, recipe, { groups: [forgetRows] });
  return { model, artifacts: { amnesiac } };
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
async function loadFashionSample(trainRows: number, testRows: number): Promise<BenchData> {
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

/** The synthetic credit data as the demo seeds it, with customer_id as the subject column. */
async function loadCredit(): Promise<BenchData> {
  await initMlBackend();
  const schema = [
    { name: 'customer_id', role: 'subject' as const },
    { name: 'sex', role: 'sensitive' as const },
    { name: 'age_group', role: 'sensitive' as const },
  ];
  const { dataset } = await ingestCsv([new TextEncoder().encode(syntheticCreditCsv())], { schema });
  const stats = computeEncodingStats(dataset, dataset.split.train);
  const make = (rows: Int32Array) => {
    const encoded = encodeInputs(dataset, rows, stats);
    return createTensorSet(encoded.matrix, encoded.inputShape, labelsOf(dataset, rows), rows);
  };
  const [train, test] = [make(dataset.split.train), make(dataset.split.test)];
  const subjects = Int32Array.from(dataset.split.train, (row) => dataset.subjects!.codes[row]);
  return { train, test, numClasses: dataset.classNames.length, inputShape: train.inputShape, subjects, dispose: () => [train, test].forEach(disposeTensorSet) };
}

async function main(): Promise<void> {
  const data: BenchData = fashion ? await loadFashionSample(10_000, 2_000) : credit ? await loadCredit() : await loadDigits();
  const io = { inputShape: data.inputShape, numClasses: data.numClasses };
  const baseRecipe = defaultRecipe(data.train.size, fashion);
  console.log(`${fashion ? 'Fashion-MNIST sample' : credit ? 'synthetic credit' : 'digits'}: ${data.train.size} train / ${data.test.size} test rows; model ${fashion ? 'MLP 784-128-10' : JSON.stringify(defaultModelSpec(io))}; recipe ${JSON.stringify(baseRecipe)}; seeds 1-${seedCount}`);
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const recipes = seeds.map((seed) => parseTrainingRecipe({ ...baseRecipe, seed }));
  const originals = await Promise.all(recipes.map((r) => trainOn(data.train, r, data.numClasses)));
  for (const kind of kinds) {
    const s = makeScenario(kind, data);
    console.log(`\n== ${s.label}: forget ${s.forget.size}, retain ${s.retain.size}, test ${data.test.size} (other classes ${s.testOther.size})`);
    const retrained: Model[] = [];
    for (const recipe of recipes) retrained.push(await trainOn(s.retain, recipe, data.numClasses));
    const refs = retrained.map((m) => scores(m, s, data.test));
    console.log(row('retrain', refs, refs));
    console.log(row('original (do nothing)', originals.map((m) => scores(m, s, data.test)), refs));
    // Amnesiac needs the updates recorded while its original trained: the same recipe and seed
    // on the same data, with capture of the batches that held this scenario's forget rows
    const captured = methodIds.includes('amnesiac') ? await Promise.all(recipes.map((recipe) => trainCaptured(data, s.forget.rowIds, recipe))) : [];
    for (const id of methodIds) {
      const method = getMethod(id);
      const starts = id === 'amnesiac' ? captured : originals.map((model) => ({ model, artifacts: {} }));
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
            original: starts[k].model,
            spec: starts[k].model.spec,
            recipe: recipes[k],
            retain: s.retain,
            forget: s.forget,
            config,
            context: { progress: () => undefined, random: createRandom(seeds[k]), artifacts: starts[k].artifacts },
          });
          per.push(scores(result.model, s, data.test));
          result.model.dispose();
        }
        console.log(row(`${id} ${name}`, per, refs, (performance.now() - started) / 1000 / seeds.length));
      }
    }
    [...retrained, ...captured.map((c) => c.model)].forEach((m) => m.dispose());
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
