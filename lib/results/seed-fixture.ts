/**
 * A finished study without training anything, for tests and bench/dashboard.ts: plans runs like
 * a real study, then "finishes" each through the same query functions a worker uses (queue,
 * claim, finish), with metrics that lib/metrics' evaluateModel computes on synthetic softmax
 * outputs of the requested accuracies. So records have the real shape and size (per-class
 * accuracy, fairness, ROC curves, gaps to the retrain of the same seed), and per-example
 * artifacts exist for the on-demand charts. Not used by the app.
 */
import { findScenario } from '@/db/queries/scenarios';
import { claimRun, finishRun, insertStudyWithRuns, listRuns, markQueued, type NewRun } from '@/db/queries/studies';
import { perExampleOutputsFromSplits } from '@/lib/metrics/per-example-outputs';
import { PER_EXAMPLE_OUTPUTS_ARTIFACT } from '@/lib/studies/per-example-artifact';
import { encodeBlob } from '@/lib/jobs/blob';
import type { StudyMethod } from '@/db/schema';
import { evaluateModel, VALIDATION_ACCURACY_KEY, type EvaluateModelInput } from '@/lib/metrics/evaluate-model';
import { createRandom, type RandomSource } from '@/lib/random';
import { summariseStudy } from '@/lib/studies/progress';

export interface SeedStudyOptions {
  teamId: string;
  createdBy: string;
  scenarioId: string;
  name?: string;
  seeds: number;
  methods: string[];
  numClasses?: number;
  sizes?: { forget: number; retain: number; test: number };
  /** A sensitive attribute with this many groups on every split (fidelity charts). */
  groups?: number;
  /** Also compute distinguishability into the summary, as a finished study has (slower). */
  summarise?: boolean;
  /** Methods whose models behave like retrain (a known answer for the verdict). */
  matchRetrain?: string[];
  /** A hyperparameter sweep of one more method over one setting: its grid points, validation accuracy on every run. */
  sweep?: { methodId: string; setting: string; values: number[] };
}

interface Split {
  labels: Int32Array;
  groups: Int32Array;
}

/** Softmax outputs that classify a share `accuracy` of rows right, with seeded noise. */
function outputs(split: Split, k: number, accuracy: number, rng: RandomSource): Float32Array {
  const n = split.labels.length;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const right = rng.next() < accuracy;
    const target = right ? split.labels[i] : (split.labels[i] + 1 + rng.int(k - 1)) % k;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const logit = rng.normal() * 0.7 + (c === target ? 2 + rng.next() * 3 : 0);
      out[i * k + c] = Math.exp(logit);
      sum += out[i * k + c];
    }
    for (let c = 0; c < k; c++) out[i * k + c] /= sum;
  }
  return out;
}

function split(n: number, k: number, groups: number, rng: RandomSource, onlyClass?: number): Split {
  return {
    labels: Int32Array.from({ length: n }, () => onlyClass ?? rng.int(k)),
    groups: Int32Array.from({ length: n }, () => rng.int(Math.max(1, groups))),
  };
}

/** Accuracies per model kind: forget accuracy is what tells methods apart in a class-forgetting study. */
function profile(kind: 'original' | 'retrain' | 'unlearned', methodIndex: number, likeRetrain = false) {
  if (kind === 'unlearned' && likeRetrain) return { forget: 0.02, retain: 0.97, test: 0.925, seconds: 2 };
  if (kind === 'original') return { forget: 0.98, retain: 0.97, test: 0.93, seconds: 20 };
  if (kind === 'retrain') return { forget: 0.02, retain: 0.97, test: 0.925, seconds: 18 };
  const f = 0.05 + ((methodIndex * 0.37) % 0.8);
  return { forget: f, retain: 0.97 - methodIndex * 0.012, test: 0.92 - methodIndex * 0.01, seconds: 1 + methodIndex * 0.6 };
}

export async function seedFinishedStudy(opts: SeedStudyOptions): Promise<{ studyId: string }> {
  const k = opts.numClasses ?? 10;
  const sizes = opts.sizes ?? { forget: 60, retain: 400, test: 200 };
  const seeds = Array.from({ length: opts.seeds }, (_, i) => i);
  const sweep = opts.sweep;
  const methods: StudyMethod[] = [
    ...opts.methods.map((methodId) => ({ methodId, config: {} as Record<string, unknown> })),
    ...(sweep?.values ?? []).map((value, point) => ({ methodId: sweep?.methodId ?? '', config: { [sweep?.setting ?? '']: value }, sweep: { group: opts.methods.length, point, setting: { [sweep?.setting ?? '']: value } } })),
  ];
  const keyOf = (m: StudyMethod) => (m.sweep ? `${m.methodId}@${m.sweep.point}` : m.methodId);
  const planned: NewRun[] = [];
  const ids = new Map<string, string>();
  const add = (key: string, run: Omit<NewRun, 'id' | 'dependsOn' | 'inputHash' | 'reusedFromRunId' | 'variant'>, dependsOn: string[] = []) => {
    const id = crypto.randomUUID();
    ids.set(key, id);
    planned.push({ id, variant: 'standard', dependsOn, inputHash: `fixture-${id}`, reusedFromRunId: null, ...run });
  };
  for (const seed of seeds) {
    add(`original:${seed}`, { kind: 'original', methodId: null, methodConfig: null, seed, requestIndex: 0 });
    add(`retrain:${seed}`, { kind: 'retrain', methodId: null, methodConfig: null, seed, requestIndex: 0 });
    for (const m of methods) {
      add(`${keyOf(m)}:${seed}`, { kind: 'unlearned', methodId: m.methodId, methodConfig: m.config, seed, requestIndex: 0 }, [ids.get(`original:${seed}`)!, ids.get(`retrain:${seed}`)!]);
    }
  }
  const scenario = await findScenario(opts.scenarioId);
  if (!scenario) throw new Error(`fixture: scenario ${opts.scenarioId} not found`);
  const { study } = await insertStudyWithRuns(
    {
      teamId: opts.teamId,
      scenarioId: scenario.id,
      datasetId: scenario.datasetId,
      datasetVersionId: scenario.datasetVersionId,
      name: opts.name ?? 'Fixture study',
      description: 'Synthetic results (fixture).',
      modelSpec: { kind: 'mlp', hidden: [32], activation: 'relu' },
      recipe: { epochs: 5, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.001 } },
      seeds,
      methods,
      ...(sweep ? { validation: { fraction: 0.1, rows: 16, hash: 'fixture' } } : {}),
      reproducedFrom: null,
      createdBy: opts.createdBy,
    },
    planned,
  );
  await markQueued(planned.map((p) => p.id));

  for (const seed of seeds) {
    const rng = createRandom(seed).fork('fixture-data');
    const data = { forget: split(sizes.forget, k, opts.groups ?? 0, rng, 3 % k), retain: split(sizes.retain, k, opts.groups ?? 0, rng), test: split(sizes.test, k, opts.groups ?? 0, rng) };
    const withGroups = (s: Split, probabilities: Float32Array) => ({
      probabilities,
      labels: s.labels,
      ...(opts.groups ? { groups: [{ name: 'group', codes: s.groups, values: Array.from({ length: opts.groups }, (_, g) => `g${g}`) }] } : {}),
    });
    const model = (kind: 'original' | 'retrain' | 'unlearned', methodIndex: number, salt: string) => {
      const p = profile(kind, methodIndex, kind === 'unlearned' && (opts.matchRetrain ?? []).includes(methods[methodIndex - 1]?.methodId));
      const r = createRandom(seed).fork(salt);
      return { p, probs: { forget: outputs(data.forget, k, p.forget, r), retain: outputs(data.retain, k, p.retain, r), test: outputs(data.test, k, p.test, r) } };
    };
    const retrain = model('retrain', 0, 'retrain');
    const finish = async (key: string, kind: 'original' | 'retrain' | 'unlearned', methodIndex: number) => {
      const { p, probs } = kind === 'retrain' ? retrain : model(kind, methodIndex, key);
      const input: EvaluateModelInput = {
        numClasses: k,
        forget: withGroups(data.forget, probs.forget),
        retain: withGroups(data.retain, probs.retain),
        test: withGroups(data.test, probs.test),
        seed,
        timing: { seconds: p.seconds * (1 + createRandom(seed).fork(key).next() * 0.2), retrainSeconds: kind === 'original' ? undefined : retrain.p.seconds },
        ...(kind === 'unlearned' ? { reference: retrain.probs } : {}),
      };
      const { perExample, ...evaluated } = evaluateModel(input);
      // A sweeping study scores every run on its validation rows too: here, retain accuracy less a point.
      const metrics = sweep ? { ...evaluated, scalars: { ...evaluated.scalars, [VALIDATION_ACCURACY_KEY]: p.retain - 0.01 } } : evaluated;
      const runId = ids.get(key)!;
      const claimed = await claimRun(runId, 'fixture');
      if (!claimed) throw new Error(`fixture run ${key} could not be claimed`);
      const curve = Array.from({ length: 5 }, (_, e) => ({ epoch: e, phase: kind === 'unlearned' ? 'unlearn' : 'train', loss: 2 / (e + 1) + methodIndex * 0.05 }));
      await finishRun(runId, claimed.attempt, {
        metrics: metrics as unknown as Record<string, unknown>,
        manifest: { fixture: true },
        progressDetail: { curve },
        artifacts: [
          { key: 'per-example', data: encodeBlob(perExample) },
          // Synthetic row ids: forget 0.., retain 10000.., test 20000.. (the same for every run).
          {
            key: PER_EXAMPLE_OUTPUTS_ARTIFACT,
            data: encodeBlob(
              perExampleOutputsFromSplits(k, {
                forget: { rowIds: Int32Array.from(data.forget.labels, (_, i) => i), labels: data.forget.labels, probabilities: probs.forget },
                retain: { rowIds: Int32Array.from(data.retain.labels, (_, i) => 10000 + i), labels: data.retain.labels, probabilities: probs.retain },
                test: { rowIds: Int32Array.from(data.test.labels, (_, i) => 20000 + i), labels: data.test.labels, probabilities: probs.test },
              }),
            ),
          },
        ],
      });
    };
    await finish(`original:${seed}`, 'original', 0);
    await finish(`retrain:${seed}`, 'retrain', 0);
    for (const [i, m] of methods.entries()) await finish(`${keyOf(m)}:${seed}`, 'unlearned', i + 1);
  }
  if (opts.summarise !== false) await summariseStudy(study.id, await listRuns(study.id));
  return { studyId: study.id };
}
