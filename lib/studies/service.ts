/**
 * Studies as the app uses them: validate a researcher's choices, plan the runs, reuse identical
 * earlier originals and retrains, store everything in one transaction, and queue what can start.
 * Also cancel, retry and reproduce. Every function checks the gate through the study's team.
 */
import os from 'node:os';
import { z } from 'zod';
import { findVersionById } from '@/db/queries/datasets';
import { findScenario } from '@/db/queries/scenarios';
import {
  cancelRuns,
  findReusableRun,
  findRun,
  findStudy,
  insertStudyWithRuns,
  listLiveWorkers,
  listRuns,
  listRunsForTable,
  listStudies,
  recentRunSeconds,
  resetRunsForRetry,
  type NewRun,
} from '@/db/queries/studies';
import type { Run, Study } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authorizeTeam, isUuid, requireActor } from '@/lib/auth/gate';
import { loadDatasetArrays } from '@/lib/datasets/dataset-cache';
import { AppError } from '@/lib/errors';
import { expectedBackend, hashedBackend } from './expected-backend';
import { assertSpecFitsInput, type ModelSpec } from '@/lib/ml/model-spec';
import { resolveScenario, type ResolvedScenario, type ScenarioSpec } from '@/lib/scenarios';
import { getMethod, methodCatalogue } from '@/lib/unlearning/registry';
import { scenarioKindOf } from '@/lib/scenarios/scenario-kind';
import { configForSituation, InvalidMethodConfigError, type DefaultsSituation, type UnlearningMethod } from '@/lib/unlearning/contract';
import { hashOf, planStudy, type PlannedMethod } from './plan';
import { carveValidation, storedValidation, trainingDataHashOf, ValidationSplitError, type StoredValidation } from './validation-split';
import { MAX_METHOD_CONFIGURATIONS, studyInputSchema } from './input';
import { gridOf, methodInputsOf, numericSettingsOf, sweepTooLarge, type SweepTag } from './sweep-grid';
import { defaultModelSpec, defaultRecipe, forwardMacs, recipeWarnings, trainingFlops, type StudyRecipe } from './defaults';
import { ioForSpec, modelIoOf } from './model-io';
import { advanceStudy, cancelQueuedJobs } from './progress';
import { memoryInputOf, studyPeakMemory, type MemoryEstimate } from './memory-estimate';
import { bytesToMb, runMemoryCapMb } from '@/lib/jobs/run-memory';




const REQUIRED_TRAINING = new Map(methodCatalogue().map((m) => [m.id, m]));

function validationIssue(field: string, message: string): AppError {
  return new AppError('validation', `${field}: ${message}`, { field });
}

function parseStudyInput(body: unknown): z.infer<typeof studyInputSchema> {
  const parsed = studyInputSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || 'body';
    throw new AppError('validation', `${field}: ${issue.message}`, { field, issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
  }
  return parsed.data;
}

/** The method's config for the request, or a 422 naming the field (`field` is where the values came from). */
function methodConfig(method: UnlearningMethod, raw: Record<string, unknown>, situation: DefaultsSituation, field: (path: string) => string): Record<string, unknown> {
  try {
    return configForSituation(method, raw, situation) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof InvalidMethodConfigError) {
      const issue = err.issues[0];
      throw validationIssue(field(issue.path), `${method.name}: ${issue.message}`);
    }
    throw err;
  }
}

type MethodInput = z.infer<typeof studyInputSchema>['methods'][number];

/** One configuration per grid point of the entry's sweep (the entry's own config without one). */
function expandEntry(method: UnlearningMethod, m: MethodInput, i: number, situation: DefaultsSituation): Array<{ config: Record<string, unknown>; sweep?: SweepTag }> {
  const configField = (path: string) => `methods.${i}.config${path ? '.' + path : ''}`;
  if (!m.sweep) return [{ config: methodConfig(method, m.config, situation, configField) }];
  const numeric = numericSettingsOf(z.toJSONSchema(method.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>);
  for (const [name, values] of Object.entries(m.sweep)) {
    if (!numeric.includes(name)) throw validationIssue(`methods.${i}.sweep.${name}`, `${method.name} has no numeric setting "${name}" to sweep; numeric settings: ${numeric.join(', ') || 'none'}.`);
    if (new Set(values).size !== values.length) throw validationIssue(`methods.${i}.sweep.${name}`, 'each swept value appears once.');
    // Each value is checked alone against the method's schema, so the error names the value.
    values.forEach((value, j) => methodConfig(method, { ...m.config, [name]: value }, situation, () => `methods.${i}.sweep.${name}.${j}`));
  }
  const tooLarge = sweepTooLarge(m.sweep);
  if (tooLarge) throw validationIssue(`methods.${i}.sweep`, tooLarge);
  return gridOf(m.sweep).map((setting, point) => ({ config: methodConfig(method, { ...m.config, ...setting }, situation, configField), sweep: { group: i, point, setting } }));
}

/** Omitted settings come from the method's defaults for this kind of request (defaultConfigFor); a sweep expands into its grid points. */
function validateMethods(methods: MethodInput[], spec: ModelSpec, situation: DefaultsSituation): PlannedMethod[] {
  const expanded = methods.flatMap((m, i) => {
    let method;
    try {
      method = getMethod(m.methodId);
    } catch {
      throw validationIssue(`methods.${i}.methodId`, `unknown method "${m.methodId}"; known: ${methodCatalogue().map((x) => x.id).join(', ')}.`);
    }
    const entry = REQUIRED_TRAINING.get(method.id);
    const configs = expandEntry(method, m, i, situation);
    if (entry?.modelKinds && !entry.modelKinds.includes(spec.kind)) {
      throw validationIssue(`methods.${i}.methodId`, `${method.name} works only with ${entry.modelKinds.join(', ')} models; this study uses ${spec.kind}.`);
    }
    return configs.map((c): { index: number; method: PlannedMethod } => ({ index: i, method: { methodId: method.id, config: c.config, originalVariant: entry?.requiresOriginalTraining ?? 'standard', ...(c.sweep ? { sweep: c.sweep } : {}) } }));
  });
  const planned = expanded.map((e) => e.method);
  if (planned.length > MAX_METHOD_CONFIGURATIONS) {
    throw validationIssue('methods', `the sweeps expand to ${planned.length} method configurations; a study compares at most ${MAX_METHOD_CONFIGURATIONS}: sweep fewer values or methods.`);
  }
  // A sweep's rows are told apart by their configs: two identical ones would merge into one row.
  if (planned.some((p) => p.sweep)) {
    const seen = new Map<string, PlannedMethod>();
    for (const { index, method } of expanded) {
      const key = `${method.methodId}:${hashOf(method.config)}`;
      const earlier = seen.get(key);
      if (earlier && (method.sweep || earlier.sweep)) throw validationIssue(`methods.${index}`, `${getMethod(method.methodId).name} appears twice with the same settings (once in a sweep); drop one of them.`);
      seen.set(key, method);
    }
  }
  return planned;
}

interface PreparedStudy {
  input: z.infer<typeof studyInputSchema>;
  teamId: string;
  scenario: NonNullable<Awaited<ReturnType<typeof findScenario>>>;
  versionHash: string;
  modelSpec: ModelSpec;
  recipe: StudyRecipe;
  seeds: number[];
  methods: PlannedMethod[];
  planned: ReturnType<typeof planStudy>;
  /** The validation split of a sweeping study (null without a sweep). */
  validation: StoredValidation | null;
  trainRows: number;
  flopsPerTraining: number;
  /** Forward FLOPs of evaluating one run: the model and its reference over every row. */
  flopsPerEvaluation: number;
  memory: StudyMemory;
}

/** The study's largest run by estimated peak memory, against the per-run limit. */
export interface StudyMemory {
  peakMb: number;
  /** Which run it is, in words ("SISA (unlearned)", "original (Amnesiac)"). */
  peakRun: string;
  limitMb: number;
  parts: MemoryEstimate['parts'];
}

function runLabel(run: { kind: string; variant: string; methodId: string | null }): string {
  const name = run.methodId ? (getMethod(run.methodId).name ?? run.methodId) : null;
  if (run.kind === 'unlearned') return `${name ?? 'unlearning'} (unlearned)`;
  if (run.kind === 'original' && run.variant !== 'standard') return `original trained for ${name ?? run.variant.split(':')[0]}`;
  return run.kind === 'retrain' ? 'retrain (reference)' : 'original';
}

function carveStudyValidation(resolved: ResolvedScenario, fraction: number): StoredValidation {
  try {
    return storedValidation(carveValidation(resolved, fraction));
  } catch (err) {
    if (err instanceof ValidationSplitError) throw validationIssue('validationFraction', err.message);
    throw err;
  }
}

/** Validates and plans without storing anything (the form's "what will this create" preview). */
async function prepareStudy(actor: Actor | null, teamId: string, body: unknown): Promise<PreparedStudy> {
  const access = await authorizeTeam(actor, teamId, 'team.run');
  const input = parseStudyInput(body);
  const scenario = await findScenario(input.scenarioId);
  if (!scenario || scenario.teamId !== access.teamId) throw new AppError('not_found', 'Scenario was not found.', { field: 'scenarioId' });
  const version = await findVersionById(scenario.datasetVersionId);
  if (!version) throw new AppError('not_found', 'The scenario’s dataset version was not found.', { field: 'scenarioId' });
  const io = modelIoOf(version);
  const modelSpec = input.modelSpec ?? defaultModelSpec(io);
  try {
    assertSpecFitsInput(modelSpec, ioForSpec(io, modelSpec));
  } catch (err) {
    throw validationIssue('modelSpec', (err as Error).message);
  }
  const stats = version.stats as { trainRows?: number };
  const trainRows = stats.trainRows ?? version.rowCount;
  const recipe = input.recipe ?? defaultRecipe(trainRows, version.kind === 'image');
  const seeds = Array.from({ length: input.seeds }, (_, i) => input.firstSeed + i);

  const { dataset } = await loadDatasetArrays(version.id);
  const resolved = resolveScenario(dataset, scenario.spec as ScenarioSpec);
  const methods = validateMethods(input.methods, modelSpec, { scenarioKind: scenarioKindOf(resolved.spec), trainRows, forgetRows: resolved.forgetRows.length });
  const validation = methods.some((m) => m.sweep) ? carveStudyValidation(resolved, input.validationFraction) : null;
  const trainingDataHash = trainingDataHashOf({ versionHash: version.hash, poisonHash: scenario.category === 'security' ? resolved.forgetSetHash : null, validationHash: validation?.hash ?? null });
  const forgetSetHashes = resolved.requests.map((rows, r) => hashOf({ scenario: resolved.forgetSetHash, request: r, rows: rows.length }));
  const planned = planStudy({ seeds, methods, trainingDataHash, forgetSetHashes, modelSpec, recipe, backend: hashedBackend(expectedBackend(), modelSpec.kind) });
  const memoryInput = memoryInputOf(version, modelSpec, ioForSpec(io, modelSpec), recipe, {
    rows: resolved.dataset.rowCount + (resolved.triggeredTest?.rows.length ?? 0),
    requests: resolved.requests.length,
  });
  const peak = studyPeakMemory(planned, memoryInput);
  const limitMb = runMemoryCapMb();
  const memory: StudyMemory = peak
    ? { peakMb: bytesToMb(peak.estimate.bytes), peakRun: runLabel(peak.run), limitMb, parts: peak.estimate.parts }
    : { peakMb: 0, peakRun: '', limitMb, parts: { thread: 0, data: 0, model: 0, evaluation: 0, method: 0 } };
  if (memory.peakMb > limitMb) {
    throw new AppError(
      'validation',
      `memory: the largest run of this study (${memory.peakRun}) needs ~${memory.peakMb} MB, the limit per run is ${limitMb} MB: use fewer rows or a smaller model, or raise LETHE_RUN_MEMORY_MB.`,
      { field: 'memory', neededMb: memory.peakMb, limitMb, run: memory.peakRun },
    );
  }
  return {
    input,
    teamId: access.teamId,
    scenario,
    versionHash: version.hash,
    modelSpec,
    recipe,
    seeds,
    methods,
    planned,
    validation,
    trainRows,
    flopsPerTraining: trainingFlops(modelSpec, ioForSpec(io, modelSpec), trainRows, Number(recipe.epochs)),
    flopsPerEvaluation: 2 * 2 * forwardMacs(modelSpec, ioForSpec(io, modelSpec)) * version.rowCount,
    memory,
  };
}

export interface StudyPlanSummary {
  runs: { original: number; retrain: number; unlearned: number; total: number; reused: number };
  modelSpec: ModelSpec;
  recipe: StudyRecipe;
  seeds: number[];
  workers: { count: number; concurrency: number };
  /** Wall-clock estimate on the current workers, from measured speed where runs have finished. */
  estimateSeconds: number;
  gflopsAssumed: number;
  /** Estimated peak memory of the largest run, and the per-run limit it must fit in. */
  memory: StudyMemory;
  /** Plan-time recipe check (defaults.ts recipeWarnings): e.g. too few steps to fit. */
  warnings: string[];
  /** Method configurations once sweeps are expanded, and the validation split they are chosen on (null without a sweep). */
  methodConfigurations: number;
  validation: StoredValidation | null;
}

async function reusableRuns(prepared: PreparedStudy): Promise<Map<string, Run>> {
  const found = new Map<string, Run>();
  for (const p of prepared.planned) {
    if (p.kind === 'unlearned') continue;
    const earlier = await findReusableRun(prepared.teamId, p.kind, p.inputHash);
    if (earlier) found.set(p.key, earlier);
  }
  return found;
}

/**
 * Median measured speeds of the team's recent runs (GFLOP/s, from their manifests), else
 * defaults from measurements on a 2-core machine: training 20 (a Fashion-MNIST MLP study
 * trained 110 GFLOP in 5.6 lane-seconds on wasm), evaluation 60 (ONNX Runtime forward passes,
 * about 4x the 21 of the wasm path; bench:eval). The old fixed 3 made that study's estimate
 * 211 s against 46-51 s measured.
 */
async function measuredGflops(teamId: string): Promise<{ training: number; evaluation: number }> {
  const recent = await recentRunSeconds(teamId, 30);
  const median = (key: 'trainGflops' | 'evaluationGflops', fallback: number) => {
    const rates = recent
      .map((r) => Number((r.manifest as { timings?: Record<string, number | undefined> } | null)?.timings?.[key]))
      .filter((x) => Number.isFinite(x) && x > 0)
      .sort((a, b) => a - b);
    return rates.length ? rates[Math.floor(rates.length / 2)] : fallback;
  };
  return { training: median('trainGflops', 20), evaluation: median('evaluationGflops', 60) };
}

async function summarise(prepared: PreparedStudy, reused: Map<string, Run>): Promise<StudyPlanSummary> {
  const count = (kind: string) => prepared.planned.filter((p) => p.kind === kind).length;
  const live = await listLiveWorkers(new Date(Date.now() - 60_000));
  const concurrency = Math.max(1, live.reduce((s, w) => s + w.concurrency, 0) || (process.env.LETHE_WORKER === 'off' ? 0 : os.availableParallelism()));
  const gflops = await measuredGflops(prepared.teamId);
  const perTraining = prepared.flopsPerTraining / (gflops.training * 1e9);
  const perEvaluation = prepared.flopsPerEvaluation / (gflops.evaluation * 1e9);
  // Approximate methods cost a fraction of training; exact ones (SISA slices, retrain) about one.
  const seconds = prepared.planned.reduce((sum, p) => {
    if (reused.has(p.key)) return sum + 1;
    if (p.kind !== 'unlearned') return sum + perTraining + perEvaluation + 1;
    const exact = p.methodId === 'sisa' || p.methodId === 'certified-removal';
    return sum + perTraining * (exact ? 0.7 : 0.25) + perEvaluation + 1;
  }, 0);
  return {
    runs: { original: count('original'), retrain: count('retrain'), unlearned: count('unlearned'), total: prepared.planned.length, reused: reused.size },
    modelSpec: prepared.modelSpec,
    recipe: prepared.recipe,
    seeds: prepared.seeds,
    workers: { count: live.length, concurrency },
    estimateSeconds: Math.round(seconds / concurrency),
    gflopsAssumed: gflops.training,
    memory: prepared.memory,
    warnings: recipeWarnings(prepared.trainRows, prepared.recipe),
    methodConfigurations: prepared.methods.length,
    validation: prepared.validation,
  };
}

export async function planStudyFor(actor: Actor | null, teamId: string, body: unknown): Promise<StudyPlanSummary> {
  const prepared = await prepareStudy(actor, teamId, body);
  return summarise(prepared, await reusableRuns(prepared));
}

export async function createStudy(actor: Actor | null, teamId: string, body: unknown, extra: { reproducedFrom?: string } = {}) {
  const prepared = await prepareStudy(actor, teamId, body);
  const ids = new Map(prepared.planned.map((p) => [p.key, crypto.randomUUID()]));
  const newRuns: NewRun[] = prepared.planned.map((p) => ({
    id: ids.get(p.key) as string,
    kind: p.kind,
    variant: p.variant,
    methodId: p.methodId,
    methodConfig: p.config,
    seed: p.seed,
    requestIndex: p.requestIndex,
    dependsOn: p.dependsOn.map((k) => ids.get(k) as string),
    inputHash: p.inputHash,
    // decided where the runs are stored, under the team's lock (a run still in flight counts)
    reusedFromRunId: null,
  }));
  const { study, runs } = await insertStudyWithRuns(
    {
      teamId: prepared.teamId,
      scenarioId: prepared.scenario.id,
      datasetId: prepared.scenario.datasetId,
      datasetVersionId: prepared.scenario.datasetVersionId,
      name: prepared.input.name,
      description: prepared.input.description,
      modelSpec: prepared.modelSpec as unknown as Record<string, unknown>,
      recipe: prepared.recipe as unknown as Record<string, unknown>,
      seeds: prepared.seeds,
      methods: prepared.methods.map((m) => ({ methodId: m.methodId, config: m.config, ...(m.sweep ? { sweep: m.sweep } : {}) })),
      validation: prepared.validation,
      reproducedFrom: extra.reproducedFrom ?? null,
      createdBy: requireActor(actor).id,
    },
    newRuns,
  );
  await advanceStudy(study.id);
  const keyOf = new Map([...ids].map(([key, id]) => [id, key]));
  const reused = new Map(runs.filter((r) => r.reusedFromRunId).map((r) => [keyOf.get(r.id) as string, r]));
  return { study, runs, plan: await summarise(prepared, reused) };
}

export async function studyFor(actor: Actor | null, id: string, action: 'team.read' | 'team.run' | 'team.comment' = 'team.read'): Promise<Study> {
  requireActor(actor);
  const study = isUuid(id) ? await findStudy(id) : undefined;
  if (!study) throw new AppError('not_found', 'Study was not found.');
  await authorizeTeam(actor, study.teamId, action, 'Study');
  return study;
}

export async function studyWithRuns(actor: Actor | null, id: string) {
  const study = await studyFor(actor, id);
  return { study, runs: await listRuns(id) };
}

/** The study and its runs as the study page's table needs them (key metrics only, see listRunsForTable). */
export async function studyWithTableRuns(actor: Actor | null, id: string) {
  const study = await studyFor(actor, id);
  return { study, runs: await listRunsForTable(id) };
}

export async function teamStudies(actor: Actor | null, teamId: string, filter: { scenarioId?: string; datasetId?: string } = {}) {
  await authorizeTeam(actor, teamId, 'team.read');
  return listStudies({ teamId, ...filter });
}

export async function cancelStudy(actor: Actor | null, id: string): Promise<number> {
  const study = await studyFor(actor, id, 'team.run');
  const cancelled = await cancelRuns({ studyId: study.id });
  await cancelQueuedJobs(cancelled);
  await advanceStudy(study.id);
  return cancelled.length;
}

async function runFor(actor: Actor | null, runId: string, action: 'team.read' | 'team.run') {
  requireActor(actor);
  const run = isUuid(runId) ? await findRun(runId) : undefined;
  if (!run) throw new AppError('not_found', 'Run was not found.');
  await authorizeTeam(actor, run.teamId, action, 'Run');
  return run;
}

export async function cancelRun(actor: Actor | null, runId: string): Promise<Run> {
  const run = await runFor(actor, runId, 'team.run');
  const [cancelled] = await cancelRuns({ runId: run.id });
  if (!cancelled) throw new AppError('conflict', `This run has already ended (${run.status}).`);
  await cancelQueuedJobs([cancelled]);
  await advanceStudy(run.studyId);
  return cancelled;
}

/** Retries a failed or cancelled run, and puts back whatever was cancelled waiting on it. */
export async function retryRun(actor: Actor | null, runId: string): Promise<Run[]> {
  const run = await runFor(actor, runId, 'team.run');
  if (run.status !== 'failed' && run.status !== 'cancelled') {
    throw new AppError('conflict', `Only failed or cancelled runs can be retried; this one is ${run.status}.`);
  }
  const all = await listRuns(run.studyId);
  const ids = new Set([run.id]);
  // Dependents (and theirs) that never ran because this one did not finish.
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of all) {
      if (!ids.has(r.id) && r.status === 'cancelled' && r.attempt === 0 && r.dependsOn.some((d) => ids.has(d))) {
        ids.add(r.id);
        grew = true;
      }
    }
  }
  const reset = await resetRunsForRetry([...ids]);
  await advanceStudy(run.studyId);
  return reset;
}

export async function runDetails(actor: Actor | null, runId: string) {
  return runFor(actor, runId, 'team.read');
}

/** A new study with the same inputs as a run's manifest (or a study's), in the same team. */
export async function reproduceStudy(actor: Actor | null, studyId: string, name?: string) {
  const study = await studyFor(actor, studyId, 'team.run');
  if (study.external) throw new AppError('conflict', 'An external study cannot be reproduced here: its models were trained outside Lethe. Upload the runs to a new external study instead.');
  const seeds = study.seeds;
  return createStudy(
    actor,
    study.teamId,
    {
      name: name?.trim() || `${study.name} (reproduced)`,
      description: `Reproduces study ${study.id}.`,
      scenarioId: study.scenarioId,
      modelSpec: study.modelSpec,
      recipe: study.recipe,
      seeds: seeds.length,
      firstSeed: seeds[0] ?? 0,
      methods: methodInputsOf(study.methods),
      ...(study.validation ? { validationFraction: study.validation.fraction } : {}),
    },
    { reproducedFrom: study.id },
  );
}
