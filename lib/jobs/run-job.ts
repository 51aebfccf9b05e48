/**
 * The handler of one queued run: claim it, compute (train an original or a retrained reference,
 * or apply an unlearning method to its parent model) in the thread pool, evaluate it against the
 * retrained reference of its seed, and store the results once. Progress goes to the run row
 * (the browser follows it); a cancelled run stops within a training step; a run whose worker
 * died is taken again by another worker and restarted cleanly with a new attempt number.
 */
import os from 'node:os';
import { appendRunLog, claimRun, failRun, findRun, finishRun, loadArtifact, recordRunFailure, updateRunProgress } from '@/db/queries/studies';
import type { Run } from '@/db/schema';
import type { ModelMetricsRecord } from '@/lib/metrics';
import { TIMED_PHASE } from '@/lib/metrics/timing';
import { PER_EXAMPLE_OUTPUTS_ARTIFACT } from '@/lib/studies/per-example-artifact';
import type { EncodingStats } from '@/lib/ml/encode-inputs';
import type { StepProgress } from '@/lib/ml/train';
import type { ModelSpec } from '@/lib/ml/model-spec';
import { forwardMacs } from '@/lib/studies/defaults';
import { ioForSpec, modelIoOf } from '@/lib/studies/model-io';
import { advanceStudy } from '@/lib/studies/progress';
import type { UnlearningArtifacts, UnlearningProgress } from '@/lib/unlearning/contract';
import type {
  EvaluateUnlearnedTaskPayload,
  EvaluateUnlearnedTaskResult,
  TrainOriginalTaskPayload,
  TrainOriginalTaskResult,
  UnlearnTaskPayload,
  UnlearnTaskResult,
} from '@/lib/unlearning/pool-handlers';
import type { SerializedPredictor } from '@/lib/unlearning/predictor';
import { decodeBlob, encodeBlob } from './blob';
import { loadRunContext, type RunContext } from './run-context';
import type { ThreadPool } from './thread-pool';
import type { TrainTaskPayload, TrainTaskProgress, TrainTaskResult } from './thread-pool-handlers';
import { letheBuild } from './build-info';
import { bytesToMb, runBudgetMb, runMemoryCapMb, RunMemoryError } from './run-memory';
import { estimateRunMemory, memoryInputOf } from '@/lib/studies/memory-estimate';
import { parseModelSpec } from '@/lib/ml/model-spec';

export interface RunJobDeps {
  pool: ThreadPool;
  workerId: string;
}

/**
 * The run's memory: the plan's estimate, the budget its lane tasks get, the most any task held
 * (what the budget is checked against), and the largest RSS of its lane processes (null when
 * the lanes are threads, whose RSS is the whole process's).
 */
interface RunMemory {
  estimateMb: number;
  budgetMb: number;
  peakMb: number;
  peakRssMb: number | null;
}

function runMemoryOf(run: Run, ctx: RunContext): RunMemory {
  const spec = parseModelSpec(ctx.study.modelSpec);
  const io = ioForSpec(modelIoOf(ctx.version), spec);
  const input = memoryInputOf(ctx.version, spec, io, ctx.study.recipe, { rows: ctx.threadData.load().rowCount, requests: ctx.rows.requests.length });
  const estimate = estimateRunMemory({ kind: run.kind, variant: run.variant, methodId: run.methodId, config: run.methodConfig }, input).bytes;
  return { estimateMb: bytesToMb(estimate), budgetMb: runBudgetMb(estimate, runMemoryCapMb()), peakMb: 0, peakRssMb: null };
}

/** Pool options that hold a task to the run's budget and record its peak. */
function memoryOptions(memory: RunMemory) {
  return {
    memoryBudgetMb: memory.budgetMb,
    memoryEstimateMb: memory.estimateMb,
    onMemoryPeak: (bytes: number, rssBytes: number | null) => {
      memory.peakMb = Math.max(memory.peakMb, bytesToMb(bytes));
      if (rssBytes !== null) memory.peakRssMb = Math.max(memory.peakRssMb ?? 0, bytesToMb(rssBytes));
    },
  };
}

interface Phase {
  name: string;
  startedAt: string;
  endedAt?: string;
  seconds?: number;
}

interface Computed {
  predictor: SerializedPredictor;
  encoding: EncodingStats;
  artifacts?: UnlearningArtifacts;
  curve: Array<{ epoch: number; phase: string; loss: number }>;
  /** The timed phase (lib/metrics/timing TIMED_PHASE); speedups are ratios of these. */
  seconds: number;
  /** The untimed warm-up before it; null for a reused model (nothing ran). */
  warmUpSeconds?: number | null;
  stats?: Record<string, unknown>;
  backend?: unknown;
}


/** Throttled progress writes; they also tell the job when its run was cancelled. */
function progressReporter(run: Run, controller: AbortController) {
  let last = 0;
  let writing = false;
  const losses: Array<{ step: number; loss: number }> = [];
  const detail: Record<string, unknown> = { losses };
  return {
    detail,
    report(phase: string, fraction: number, extra: Record<string, unknown> = {}, force = false) {
      Object.assign(detail, extra);
      const now = Date.now();
      if (!force && (writing || now - last < 500)) return;
      last = now;
      writing = true;
      void updateRunProgress(run.id, run.attempt, { phase, progress: Math.max(0, Math.min(1, fraction)), progressDetail: detail })
        .then((status) => {
          if (status && status !== 'running') controller.abort();
        })
        .catch(() => {})
        .finally(() => (writing = false));
    },
    loss(step: number, loss: number) {
      // Keep the live curve light: at most 300 points, thinning older ones.
      losses.push({ step, loss });
      if (losses.length > 300) losses.splice(0, losses.length, ...losses.filter((_, i) => i % 2 === 0));
    },
  };
}

async function loadModel(runId: string): Promise<{ predictor: SerializedPredictor; encoding: EncodingStats; artifacts?: UnlearningArtifacts; metrics: ModelMetricsRecord | null }> {
  const [model, encoding, artifacts, run] = await Promise.all([loadArtifact(runId, 'model'), loadArtifact(runId, 'encoding'), loadArtifact(runId, 'unlearning-artifacts'), findRun(runId)]);
  if (!model || !encoding) throw new Error(`run ${runId} has no stored model`);
  return {
    predictor: decodeBlob<SerializedPredictor>(model),
    encoding: decodeBlob<EncodingStats>(encoding),
    artifacts: artifacts ? decodeBlob<UnlearningArtifacts>(artifacts) : undefined,
    metrics: (run?.metrics as unknown as ModelMetricsRecord | null) ?? null,
  };
}

/** The rows each deletion request adds to the ones before it (the requests' forget sets are cumulative). */
function requestGroups(ctx: RunContext): Int32Array[] {
  const seen = new Set<number>();
  return ctx.rows.requests.map((request) => {
    const added = request.forget.filter((r) => !seen.has(r));
    added.forEach((r) => seen.add(r));
    return added;
  });
}

function recipeFor(ctx: RunContext, seed: number): TrainTaskPayload['recipe'] {
  return { ...(ctx.study.recipe as Omit<TrainTaskPayload['recipe'], 'seed'>), seed } as TrainTaskPayload['recipe'];
}

async function trainModel(run: Run, ctx: RunContext, deps: RunJobDeps, signal: AbortSignal, reporter: ReturnType<typeof progressReporter>, memory: RunMemory): Promise<Computed> {
  const recipe = recipeFor(ctx, run.seed);
  if (run.variant !== 'standard') {
    // A variant original, or a variant's own retrain (certified removal: the same perturbed
    // objective and seed, trained on the retain set), encoded like every model of the study.
    const mode = run.variant as TrainOriginalTaskPayload['mode'];
    const payload: TrainOriginalTaskPayload = {
      mode,
      spec: ctx.study.modelSpec as TrainOriginalTaskPayload['spec'],
      recipe,
      trainRows: run.kind === 'retrain' ? ctx.rows.requests[run.requestIndex].retain : ctx.rows.train,
      encodeWith: ctx.rows.train,
      config: run.methodConfig ?? undefined,
      // Amnesiac keeps only the updates of batches holding rows this scenario may delete, summed per request.
      captureGroups: mode === 'amnesiac' ? requestGroups(ctx) : undefined,
    };
    const result = await deps.pool.run<TrainOriginalTaskResult, UnlearningProgress>(
      { kind: 'train-unlearnable-original', payload },
      { signal, dataset: ctx.threadData, ...memoryOptions(memory), onProgress: (p) => reporter.report(`training (${mode})`, p.fraction, { loss: p.loss }) },
    );
    return { predictor: result.model, encoding: result.encoding, artifacts: result.artifacts, curve: [], seconds: result.seconds, warmUpSeconds: result.warmUpSeconds };
  }
  const trainRows = run.kind === 'original' ? ctx.rows.train : ctx.rows.requests[run.requestIndex].retain;
  const payload: TrainTaskPayload = {
    spec: ctx.study.modelSpec as TrainTaskPayload['spec'],
    recipe,
    trainRows,
    // Inputs are standardised with the whole training split's statistics for every model of a
    // study, so the original, the retrained reference and the unlearned models read identical inputs.
    encodeWith: ctx.rows.train,
  };
  const curve: Computed['curve'] = [];
  const result = await deps.pool.run<TrainTaskResult, TrainTaskProgress>(
    { kind: 'train', payload },
    {
      signal,
      dataset: ctx.threadData,
      ...memoryOptions(memory),
      onProgress: (p) => {
        if (p.type === 'epoch') {
          curve.push({ epoch: p.epoch, phase: 'train', loss: p.loss });
          reporter.report(`training epoch ${p.epoch + 1}`, (p.epoch + 1) / Number(recipe.epochs), { curve }, true);
          return;
        }
        const step = p as StepProgress;
        reporter.loss(step.globalStep, step.loss);
        reporter.report(`training epoch ${step.epoch + 1} of ${recipe.epochs}`, (step.globalStep + 1) / step.totalSteps, { epoch: step.epoch + 1, epochs: recipe.epochs });
      },
    },
  );
  return { predictor: { kind: 'model', weights: result.weights }, encoding: result.encoding, curve, seconds: result.seconds, warmUpSeconds: result.warmUpSeconds, backend: result.backend };
}

async function unlearn(run: Run, ctx: RunContext, deps: RunJobDeps, signal: AbortSignal, reporter: ReturnType<typeof progressReporter>, memory: RunMemory): Promise<Computed> {
  const parent = await loadModel(run.dependsOn[0]);
  const request = ctx.rows.requests[run.requestIndex];
  const previous = run.requestIndex > 0 ? ctx.rows.requests[run.requestIndex - 1].forget : new Int32Array();
  // Sequential requests: each step forgets what its request adds to the previous ones.
  const already = new Set(previous);
  const forgetRows = request.forget.filter((r) => !already.has(r));
  const payload: UnlearnTaskPayload = {
    methodId: run.methodId ?? '',
    config: run.methodConfig ?? {},
    spec: ctx.study.modelSpec as UnlearnTaskPayload['spec'],
    recipe: recipeFor(ctx, run.seed),
    encoding: parent.encoding,
    original: parent.predictor,
    retainRows: request.retain,
    forgetRows,
    testRows: ctx.rows.test,
    artifacts: parent.artifacts,
    seed: run.seed,
  };
  let progressStep = 0;
  const result = await deps.pool.run<UnlearnTaskResult, UnlearningProgress>(
    { kind: 'unlearn', payload },
    {
      signal,
      dataset: ctx.threadData,
      ...memoryOptions(memory),
      onProgress: (p) => {
        if (p.loss !== undefined) reporter.loss(progressStep++, p.loss);
        reporter.report(p.phase, p.fraction, { loss: p.loss });
      },
    },
  );
  return { predictor: result.model, encoding: parent.encoding, artifacts: result.artifacts ?? parent.artifacts, curve: result.curve, seconds: result.seconds, warmUpSeconds: result.warmUpSeconds, stats: result.stats };
}

async function evaluate(run: Run, ctx: RunContext, computed: Computed, deps: RunJobDeps, signal: AbortSignal, memory: RunMemory): Promise<EvaluateUnlearnedTaskResult> {
  const request = ctx.rows.requests[run.requestIndex];
  // The retrained reference of this seed and request; a retrain run is its own reference.
  const referenceRunId = run.kind === 'unlearned' ? run.dependsOn[1] : null;
  const reference = referenceRunId ? await loadModel(referenceRunId) : null;
  const original = run.kind === 'unlearned' ? await loadModel(run.dependsOn[2] ?? run.dependsOn[0]).catch(() => null) : null;
  const originalForgetLoss = original?.metrics?.meanLoss?.forget;
  const payload: EvaluateUnlearnedTaskPayload = {
    predictor: computed.predictor,
    reference: reference?.predictor,
    encoding: computed.encoding,
    retainRows: request.retain,
    forgetRows: request.forget,
    testRows: ctx.rows.test,
    validationRows: ctx.rows.validation,
    seed: run.seed,
    timing: { seconds: computed.seconds, retrainSeconds: reference?.metrics?.timing?.seconds ?? undefined },
    relearn: run.kind === 'unlearned' && computed.predictor.kind === 'model' && run.requestIndex === 0 && typeof originalForgetLoss === 'number' ? { originalForgetLoss } : undefined,
    groups: true,
    backdoor: ctx.rows.backdoor,
    spec: ctx.study.modelSpec as EvaluateUnlearnedTaskPayload['spec'],
  };
  return deps.pool.run<EvaluateUnlearnedTaskResult>({ kind: 'evaluate-unlearned', payload }, { signal, dataset: ctx.threadData, ...memoryOptions(memory) });
}

/**
 * Measured speed of this run, for the plan's estimate: training GFLOP/s (a plainly trained
 * original or retrain, not reused) and evaluation GFLOP/s (forward passes of every predictor
 * evaluate-unlearned ran over its rows, ensembles counted once per member).
 */
function measuredRates(run: Run, ctx: RunContext, computed: Computed, evaluation: EvaluateUnlearnedTaskResult, rowsTimesEpochs: number): { trainGflops?: number; evaluationGflops?: number } {
  const spec = ctx.study.modelSpec as ModelSpec;
  let macs: number;
  try {
    macs = forwardMacs(spec, ioForSpec(modelIoOf(ctx.version), spec));
  } catch {
    return {};
  }
  const rates: { trainGflops?: number; evaluationGflops?: number } = {};
  if (run.kind !== 'unlearned' && run.variant === 'standard' && !run.reusedFromRunId && computed.seconds > 0) {
    rates.trainGflops = (6 * macs * rowsTimesEpochs) / computed.seconds / 1e9;
  }
  const request = ctx.rows.requests[run.requestIndex];
  const members = (p: SerializedPredictor | undefined) => (!p ? 0 : p.kind === 'model' ? 1 : p.members.length);
  const splitRows = request.forget.length + request.retain.length + ctx.rows.test.length;
  // the model on every split (and backdoor rows), the reference on every split, the ZRF random model on the forget rows
  const referenceMembers = run.kind === 'unlearned' ? 1 : 0;
  const examples = members(computed.predictor) * (splitRows + (ctx.rows.backdoor?.rows.length ?? 0)) + referenceMembers * splitRows + request.forget.length;
  if (evaluation.evaluation.seconds > 0) rates.evaluationGflops = (2 * macs * examples) / evaluation.evaluation.seconds / 1e9;
  return rates;
}

function describeError(err: unknown): string {
  if (err instanceof RunMemoryError) return err.message;
  if (err instanceof Error) return `${err.name === 'Error' ? '' : err.name + ': '}${err.message}`;
  return String(err);
}

/** How an attempt that never finished ended: the phase it was in, without its counters ("training epoch 2 of 3" → "training epoch"). */
export function interruptionFingerprint(phase: string): string {
  const words = phase.replace(/\b(of\s+)?\d+(\.\d+)?\b/g, ' ').replace(/\s+/g, ' ').trim();
  return `the worker stopped during ${words || 'its start'}`;
}

/** A run is not tried again once two attempts ended the same way. */
export const SAME_FAILURE_LIMIT = 2;

/**
 * Called when a worker has just claimed a run that was still marked running: the previous
 * attempt's worker died (a crash, a kill, the machine's OOM killer). Records how, and fails the
 * run instead of computing it again when an earlier attempt already ended the same way.
 * Returns true when the run was failed.
 */
export async function stopRepeatedInterruption(previous: Pick<Run, 'attempt' | 'phase'>, run: Run): Promise<boolean> {
  const fingerprint = interruptionFingerprint(previous.phase);
  const failures = await recordRunFailure(run.id, { attempt: previous.attempt, fingerprint, at: new Date().toISOString() });
  if (failures.filter((f) => f.fingerprint === fingerprint).length < SAME_FAILURE_LIMIT) return false;
  const message = `Stopped twice the same way (${fingerprint}), so it is not retried again. If it ran out of memory, use fewer epochs/rows or raise LETHE_RUN_MEMORY_MB, then retry it.`;
  await appendRunLog(run.id, `Failed: ${message}`);
  await failRun(run.id, run.attempt, message);
  await advanceStudy(run.studyId);
  return true;
}

export async function executeRun(runId: string, deps: RunJobDeps): Promise<void> {
  const before = await findRun(runId);
  const run = await claimRun(runId, deps.workerId);
  if (!run) return; // cancelled or already done: a duplicate job has nothing to do
  if (before?.status === 'running' && before.attempt > 0 && (await stopRepeatedInterruption(before, run))) return;
  const controller = new AbortController();
  const reporter = progressReporter(run, controller);
  const phases: Phase[] = [];
  const phase = (name: string) => {
    const now = new Date();
    const open = phases.at(-1);
    if (open && !open.endedAt) {
      open.endedAt = now.toISOString();
      open.seconds = (now.getTime() - Date.parse(open.startedAt)) / 1000;
    }
    if (name) phases.push({ name, startedAt: now.toISOString() });
  };
  if (run.attempt > 1) await appendRunLog(run.id, `Attempt ${run.attempt} on ${deps.workerId} (the previous attempt did not finish).`);
  try {
    phase('loading');
    reporter.report('loading', 0, {}, true);
    const ctx = await loadRunContext(run);
    const memory = runMemoryOf(run, ctx);
    let computed: Computed;
    phase(run.kind === 'unlearned' ? 'unlearning' : 'training');
    if (run.reusedFromRunId) {
      // An identical earlier run (same data, split, forget set, spec, recipe, seed, backend): reuse its model.
      const source = await loadModel(run.reusedFromRunId);
      const sourceRun = await findRun(run.reusedFromRunId);
      computed = {
        predictor: source.predictor,
        encoding: source.encoding,
        artifacts: source.artifacts,
        curve: ((sourceRun?.progressDetail as { curve?: Computed['curve'] } | null)?.curve ?? []),
        seconds: Number((sourceRun?.metrics as { timing?: { seconds?: number } } | null)?.timing?.seconds ?? 0),
        warmUpSeconds: null,
      };
      await appendRunLog(run.id, `Reused the model of run ${run.reusedFromRunId}.`);
    } else {
      computed = run.kind === 'unlearned' ? await unlearn(run, ctx, deps, controller.signal, reporter, memory) : await trainModel(run, ctx, deps, controller.signal, reporter, memory);
    }
    phase('evaluating');
    reporter.report('evaluating', 0.99, { curve: computed.curve }, true);
    const evaluation = await evaluate(run, ctx, computed, deps, controller.signal, memory);
    phase('');
    const { perExample, ...metrics } = evaluation.metrics;
    const backend = computed.backend ?? (await deps.pool.backendInfo());
    const trainFlops = Number(ctx.study.recipe.epochs ?? 1) * (run.kind === 'original' ? ctx.rows.train.length : ctx.rows.requests[run.requestIndex].retain.length);
    const rates = measuredRates(run, ctx, computed, evaluation, trainFlops);
    const manifest = {
      lethe: letheBuild(),
      backend,
      seeds: { run: run.seed, study: ctx.study.seeds },
      configs: { modelSpec: ctx.study.modelSpec, recipe: { ...ctx.study.recipe, seed: run.seed }, method: run.methodId ? { id: run.methodId, config: run.methodConfig } : null, scenario: ctx.scenario.spec, variant: run.variant },
      data: {
        datasetId: ctx.study.datasetId,
        datasetVersionId: ctx.version.id,
        datasetVersion: ctx.version.version,
        datasetHash: ctx.version.hash,
        trainingDataHash: ctx.trainingDataHash,
        forgetSetHash: ctx.resolved.forgetSetHash,
        requestIndex: run.requestIndex,
        rows: { train: ctx.rows.train.length, forget: ctx.rows.requests[run.requestIndex].forget.length, retain: ctx.rows.requests[run.requestIndex].retain.length, test: ctx.rows.test.length, validation: ctx.rows.validation?.length ?? 0 },
        validation: ctx.study.validation ?? null,
      },
      worker: { id: deps.workerId, host: os.hostname(), pid: process.pid },
      attempt: run.attempt,
      reusedFrom: run.reusedFromRunId,
      methodStats: computed.stats ?? null,
      relearn: evaluation.relearn,
      // which engine computed every per-example output, and how many intra-op threads it used
      evaluation: evaluation.evaluation,
      // trainGflops / evaluationGflops calibrate the plan's time estimate (lib/studies/service.ts)
      timings: { phases, computeSeconds: computed.seconds, warmUpSeconds: computed.warmUpSeconds ?? null, timedPhase: TIMED_PHASE, trainRowsTimesEpochs: trainFlops, ...rates },
      inputHash: run.inputHash,
      // MB: the plan's estimate, the budget the run's thread tasks had, the most one of them held
      memory,
    };
    const artifacts = [
      { key: 'model', data: encodeBlob(computed.predictor) },
      { key: 'encoding', data: encodeBlob(computed.encoding) },
      { key: 'per-example', data: encodeBlob(perExample) },
      // φ and margins with row ids (float32): study-level U-LiRA / KLoM and the per-example export.
      { key: PER_EXAMPLE_OUTPUTS_ARTIFACT, data: encodeBlob(evaluation.outputs) },
      ...(computed.artifacts && Object.keys(computed.artifacts).length ? [{ key: 'unlearning-artifacts', data: encodeBlob(computed.artifacts) }] : []),
    ];
    const stored = await finishRun(run.id, run.attempt, { metrics: metrics as unknown as Record<string, unknown>, manifest, progressDetail: { ...reporter.detail, curve: computed.curve }, artifacts });
    if (!stored) return; // cancelled, or another attempt owns the run now: its results count
  } catch (err) {
    const current = await findRun(run.id);
    if (current?.status === 'cancelled' || controller.signal.aborted) {
      await appendRunLog(run.id, 'Stopped: the run was cancelled.');
    } else {
      const message = describeError(err);
      if (err instanceof RunMemoryError) await recordRunFailure(run.id, { attempt: run.attempt, fingerprint: `memory limit of ${err.limitMb} MB`, at: new Date().toISOString() });
      await appendRunLog(run.id, `Failed: ${message}${err instanceof Error && err.stack ? `\n${err.stack.split('\n').slice(1, 6).join('\n')}` : ''}`);
      await failRun(run.id, run.attempt, message);
    }
  }
  await advanceStudy(run.studyId);
}
