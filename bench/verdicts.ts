/**
 * npm run bench:verdicts — do Lethe's verdict metrics say what they should on real data?
 * Fashion-MNIST, MLP 784-128-10, two deletion scenarios (forget class 0 "T-shirt/top"; forget a
 * random 2% of the training rows), N seeds (default 8). Per seed: an original, a model retrained
 * without the forget set, and each method applied to the original (with its defaults for the
 * scenario's kind, as a study that leaves its settings out runs it). Per method it prints, beside
 * the original (null baseline: doing nothing) and retrain against retrain (noise floor: the
 * retrained seeds split in two halves):
 * - forget / retain / test accuracy gaps to the retrained model of the same seed (mean over seeds);
 * - the loss-attack AUC with the population lib/metrics chooses (class forgetting: test rows of
 *   the forgotten class);
 * - U-LiRA AUC (leave one seed out) and KLoM p95 on the forget set, first at the floor's size
 *   (N/2 models per side, as the dashboard reads them: lib/metrics matchedToFloor), then at N,
 *   and per scenario whether each has power (the dashboard's sentence);
 * - forget quality (NeurIPS-2023 rules, N models per side, with the ε ceiling).
 * Everything runs in this process, through the same functions the jobs use (lib/ml,
 * lib/unlearning, lib/metrics), without the queue or the database.
 *
 * Data: apt-get install -y dataset-fashion-mnist. Options: --seeds N (default 8), --train-rows N
 * (a seeded subsample of the 60,000 training rows, default all), --test-rows N (default all),
 * --epochs N (default 3), --methods a,b (default finetune,neggrad-plus,random-labels,scrub,ssd),
 * --scenario class|random (default both). Reduced size while developing, e.g.
 * `npm run bench:verdicts -- --seeds 3 --train-rows 3000 --test-rows 1000 --epochs 2`.
 */
import { ingestFashion } from './fashion-mnist';
import { initMlBackend } from '../lib/ml/backend';
import { Model } from '../lib/ml/model';
import { parseModelSpec } from '../lib/ml/model-spec';
import { createTensorSet, disposeTensorSet, type TensorSet } from '../lib/ml/tensor-set';
import { train } from '../lib/ml/train';
import { parseTrainingRecipe } from '../lib/ml/training-recipe';
import {
  distinguishability,
  matchedToFloor,
  membershipPopulation,
  perExampleEvidence,
  perExampleOutputsFromSplits,
  retrainNoiseFloor,
  thresholdAttack,
  type MatchedEvidence,
  type PerExampleEvidence,
  type SeededOutputs,
} from '../lib/metrics';
import { createRandom, sampleWithoutReplacement } from '../lib/random';
import { subsetByPositions } from '../lib/unlearning/common';
import { predictOutputs, type Predictor } from '../lib/unlearning/predictor';
import { defaultConfigFor, METHODS } from '../lib/unlearning/registry';
import { perExamplePower } from '../lib/results/per-example-evidence-table';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const numSeeds = Number(option('seeds') ?? 8);
const trainRows = option('train-rows') ? Number(option('train-rows')) : null;
const testRows = option('test-rows') ? Number(option('test-rows')) : null;
const epochs = Number(option('epochs') ?? 3);
const methodIds = (option('methods') ?? 'finetune,neggrad-plus,random-labels,scrub,ssd').split(',');
const scenarios = option('scenario') ? [option('scenario') as 'class' | 'random'] : (['class', 'random'] as const);

const spec = parseModelSpec({ kind: 'mlp', hidden: [128] });
const io = { inputShape: [784], numClasses: 10 };

async function loadFashion(): Promise<{ train: TensorSet; test: TensorSet }> {
  const { dataset } = await ingestFashion();
  const pixels = dataset.pixels!;
  const pick = (rows: Int32Array, cap: number | null, label: string) =>
    cap === null || cap >= rows.length ? rows : Int32Array.from(sampleWithoutReplacement(rows.length, cap, createRandom(11).fork(label)), (p) => rows[p]);
  const make = (rows: Int32Array) => {
    const matrix = new Float32Array(rows.length * 784);
    for (let r = 0; r < rows.length; r++) for (let k = 0; k < 784; k++) matrix[r * 784 + k] = pixels[rows[r] * 784 + k] / 255;
    return createTensorSet(matrix, [784], Int32Array.from(rows, (row) => dataset.labels[row]), rows);
  };
  return { train: make(pick(dataset.split.train, trainRows, 'train')), test: make(pick(dataset.split.test, testRows, 'test')) };
}

interface ModelResult {
  seed: number;
  accuracy: { forget: number; retain: number; test: number };
  mia: number;
  outputs: SeededOutputs;
}

function evaluate(model: Predictor, seed: number, sets: { forget: TensorSet; retain: TensorSet; test: TensorSet }): ModelResult {
  const out = { forget: predictOutputs(model, sets.forget), retain: predictOutputs(model, sets.retain), test: predictOutputs(model, sets.test) };
  const { rows } = membershipPopulation(sets.forget.labelValues, sets.test.labelValues);
  const mia = thresholdAttack(Float64Array.from(out.forget.losses), Float64Array.from(rows, (r) => out.test.losses[r]), { memberSide: 'lower' }).auc;
  const split = (s: 'forget' | 'retain' | 'test') => ({ rowIds: sets[s].rowIds, labels: sets[s].labelValues, probabilities: out[s].probabilities });
  return {
    seed,
    accuracy: { forget: out.forget.accuracy, retain: out.retain.accuracy, test: out.test.accuracy },
    mia,
    outputs: { seed, outputs: perExampleOutputsFromSplits(10, { forget: split('forget'), retain: split('retain'), test: split('test') }) },
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '   —  ' : v.toFixed(3).padStart(6));
const pp = (v: number) => (100 * v).toFixed(1).padStart(5);

function line(name: string, group: ModelResult[], retrained: ModelResult[], evidence: PerExampleEvidence | null, matched: MatchedEvidence | null): void {
  const bySeed = new Map(retrained.map((r) => [r.seed, r]));
  const gap = (s: 'forget' | 'retain' | 'test') => mean(group.map((m) => Math.abs(m.accuracy[s] - (bySeed.get(m.seed) ?? retrained[0]).accuracy[s])));
  let fq = '   —  ';
  if (group.length >= 2 && retrained.length >= 2) {
    const d = distinguishability({ unlearned: group.map((m) => m.outputs.outputs.splits.forget.phi), retrained: retrained.map((m) => m.outputs.outputs.splits.forget.phi) });
    fq = d.forgetQuality === null ? ' n/c  ' : `${d.forgetQuality.toFixed(3)} (N=${d.numModels}, ceil ${d.epsilonCeiling})`;
  }
  // U-LiRA and KLoM as the dashboard reads them: at the floor's size (N/2 per side), then at N.
  const atFloor = matched ? `${f3(matched.uLiraAuc)} / KLoM ${f3(matched.klomP95.forget)} @${matched.modelsPerSide}` : '   —  ';
  console.log(
    `${name.padEnd(22)} gap F/R/T ${pp(gap('forget'))} ${pp(gap('retain'))} ${pp(gap('test'))} | MIA AUC ${f3(mean(group.map((m) => m.mia)))} | U-LiRA ${atFloor} | at N: U-LiRA ${f3(evidence?.uLira?.auc)} (N=${evidence?.uLira?.numModels ?? '—'}) KLoM ${f3(evidence?.klom.forget?.percentiles.p95)} | FQ ${fq}`,
  );
}

async function main(): Promise<void> {
  const backend = await initMlBackend();
  console.log(`backend ${backend.name}; Fashion-MNIST, ${numSeeds} seeds, ${epochs} epochs; loading...`);
  const { train: trainSet, test } = await loadFashion();
  console.log(`train ${trainSet.size} rows, test ${test.size} rows`);
  for (const scenario of scenarios) {
    const random = createRandom(42);
    const f: number[] = [], r: number[] = [];
    for (let i = 0; i < trainSet.size; i++) ((scenario === 'class' ? trainSet.labelValues[i] === 0 : random.next() < 0.02) ? f : r).push(i);
    const forget = subsetByPositions(trainSet, Int32Array.from(f)), retain = subsetByPositions(trainSet, Int32Array.from(r));
    const sets = { forget, retain, test };
    console.log(`\n== ${scenario === 'class' ? 'class 0 (T-shirt/top)' : 'random 2% of rows'}: forget ${forget.size}, retain ${retain.size}, test ${test.size}`);
    const originals: ModelResult[] = [], retrains: ModelResult[] = [];
    const methods = new Map<string, ModelResult[]>(methodIds.map((id) => [id, []]));
    const started = performance.now();
    for (let seed = 1; seed <= numSeeds; seed++) {
      const recipe = parseTrainingRecipe({ epochs, batchSize: 128, optimizer: { kind: 'adam', learningRate: 1e-3 }, seed });
      const original = Model.create(spec, io, seed);
      await train({ model: original, set: trainSet, recipe });
      originals.push(evaluate(original, seed, sets));
      const retrained = Model.create(spec, io, seed);
      await train({ model: retrained, set: retain, recipe });
      retrains.push(evaluate(retrained, seed, sets));
      retrained.dispose();
      // what a study of this scenario runs when the method's settings are left out
      const situation = { scenarioKind: scenario === 'class' ? ('class' as const) : ('random' as const), trainRows: trainSet.size, forgetRows: forget.size };
      for (const id of methodIds) {
        const method = METHODS.find((m) => m.id === id);
        if (!method) throw new Error(`unknown method ${id}`);
        const result = await method.run({ original, spec, recipe, forget, retain, config: defaultConfigFor(id, situation), context: { progress: () => undefined, random: createRandom(seed).fork(id), artifacts: {} } });
        methods.get(id)!.push(evaluate(result.model, seed, sets));
        result.model.dispose();
      }
      original.dispose();
      console.log(`  seed ${seed} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    const retrainOutputs = retrains.map((m) => m.outputs);
    const originalMatched = matchedToFloor(originals.map((m) => m.outputs), retrainOutputs);
    line('original (null)', originals, retrains, perExampleEvidence(originals.map((m) => m.outputs), retrainOutputs), originalMatched);
    const half = Math.floor(retrains.length / 2);
    const sorted = [...retrains].sort((a, b) => a.seed - b.seed);
    // The floor: first half of the retrained seeds against the second half (paired by position).
    const firstHalf = sorted.slice(0, half).map((m, i) => ({ ...m, seed: i }));
    const secondHalf = sorted.slice(half, 2 * half).map((m, i) => ({ ...m, seed: i }));
    const floor = retrainNoiseFloor(retrainOutputs);
    const floorAtItsSize = { modelsPerSide: half, uLiraAuc: floor.uLira?.auc ?? null, uLiraTprAtLowFpr: floor.uLira?.tprAtLowFpr ?? null, klomP95: { forget: floor.klom.forget?.percentiles.p95 } };
    line('retrain vs retrain', firstHalf, secondHalf, floor, floorAtItsSize);
    for (const [id, group] of methods) line(id, group, retrains, perExampleEvidence(group.map((m) => m.outputs), retrainOutputs), matchedToFloor(group.map((m) => m.outputs), retrainOutputs));
    console.log(`  ${perExamplePower(originalMatched, floor) ?? 'U-LiRA / KLoM power: not computable (too few seeds).'}`);
    disposeTensorSet(forget);
    disposeTensorSet(retain);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
