/**
 * External runs: a group trains models anywhere on a scenario package's arrays and uploads what
 * they output (logits on x_train and x_test, rows in package order), or the model itself as
 * ONNX, which ONNX Runtime runs on the package's arrays. Each upload is checked against the
 * package (dtype, shape, class count, finite values), scored with the same metrics record as
 * Lethe's own runs (lib/metrics/score-uploaded.ts) and stored in one transaction; the study
 * summary (distinguishability, U-LiRA, KLoM) is then recomputed as for built-in runs.
 *
 * The model's inference and the scoring run in the upload lane of an ML pool
 * (lib/jobs/upload-pool.ts), never in the web process: a model that needs more memory than
 * LETHE_EXTERNAL_RUN_MEMORY_MB is stopped there and the upload answers 422 with the figures.
 * The request still answers once the run is stored.
 *
 * The reference of an unlearned run is by default the group's own uploaded retrain of the same
 * seed and request (Lethe's retrains were trained with another recipe and maybe another
 * network, so they would measure those). That retrain must be uploaded first. In a mixed study
 * an ONNX model may instead be scored against Lethe's retrain of its seed (`reference:
 * "lethe-retrain"`): only when its graph has the study's model spec (checked in the upload lane,
 * lib/ml/onnx/same-spec.ts) and the uploader declares it was trained with the study's recipe
 * (`sameRecipe: true`; weights cannot show a recipe, so the page says "declared", not
 * "checked"). The retrain's stored weights then run on the same package arrays. The run's
 * provenance records which reference was used; every page says it (external-reference.ts).
 */
import { createHash } from 'node:crypto';
import { findVersionById } from '@/db/queries/datasets';
import { insertExternalRun } from '@/db/queries/external-runs';
import { findScenario } from '@/db/queries/scenarios';
import { insertStudyWithRuns, listRuns, loadArtifact } from '@/db/queries/studies';
import type { ExternalProvenance, ExternalReference, Run, Study } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authorizeForeignScenarioUse, authorizeTeam, requireActor } from '@/lib/auth/gate';
import { loadDatasetArrays } from '@/lib/datasets/dataset-cache';
import { uploadLimits } from '@/lib/datasets/limits';
import { DataError } from '@/lib/data/errors';
import { readNpy } from '@/lib/data/npy';
import type { DatasetArrays } from '@/lib/data/types';
import { AppError } from '@/lib/errors';
import { decodeBlob, encodeBlob } from '@/lib/jobs/blob';
import { RunMemoryError } from '@/lib/jobs/run-memory';
import { ThreadCrashedError } from '@/lib/jobs/thread-pool';
import type { ExternalRunTaskPayload, ExternalRunTaskResult } from '@/lib/jobs/thread-pool-handlers';
import { externalRunMemoryMb, runUploadTask } from '@/lib/jobs/upload-pool';
import type { PackageLogits, PackageRowSets } from '@/lib/metrics/score-uploaded';
import { checkedLogits } from '@/lib/metrics/uploaded-logits';
import { resolveScenario, type ScenarioSpec } from '@/lib/scenarios';
import type { SerializedPredictor } from '@/lib/unlearning/predictor';
import { externalRunOptionsSchema, externalStudyInputSchema, type ExternalRunOptions } from './external-input';
import { externalReferenceOf } from './external-reference';
import { PER_EXAMPLE_OUTPUTS_ARTIFACT } from './per-example-artifact';
import { hashOf } from './plan';
import { advanceStudy } from './progress';
import { runRowSets } from './run-inputs';
import { studyFor } from './service';

/** The uploaded logits of an external run (float64, as sent), kept to score later runs against it. */
export const EXTERNAL_LOGITS_ARTIFACT = 'external-logits';
export const EXTERNAL_VARIANT = 'external';

/** One part of the multipart request, as app/api/v1/_lib/multipart.ts yields them. */
export type UploadPart =
  | { kind: 'field'; name: string; value: string }
  | { kind: 'file'; name: string; filename: string; stream: AsyncIterable<Uint8Array> };

type LogitsPart = 'logits_train' | 'logits_test';
const LOGITS_PARTS: readonly LogitsPart[] = ['logits_train', 'logits_test'];

interface StoredLogits {
  numClasses: number;
  train: Float64Array;
  test: Float64Array;
}

/**
 * The methodId an external unlearned run is stored under: the group's label marked
 * "(external)". Lethe's own method ids are slugs, so the two never collide, and every page that
 * names a method by its id (falling back to the id for methods not in the catalogue) shows
 * the label with its marker.
 */
export function externalMethodId(label: string): string {
  return `${label} (external)`;
}

function badUpload(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('validation', message, details);
}

function parseOptions(raw: string): ExternalRunOptions {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', 'options: not valid JSON.', { field: 'options' });
  }
  const parsed = externalRunOptionsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['options', ...issue.path].join('.');
    throw new AppError('validation', `${field}: ${issue.message}`, { field, issues: parsed.error.issues.map((i) => ({ field: ['options', ...i.path].join('.'), message: i.message })) });
  }
  return parsed.data;
}

/** The package's row sets as run positions: what each row of the uploaded arrays is. */
interface PackageRows extends PackageRowSets {
  data: DatasetArrays;
  numClasses: number;
  forgetSetHash: string;
  versionHash: string;
  versionId: string;
  version: number;
  requests: number;
}

async function packageRows(study: Study, requestIndex: number): Promise<PackageRows> {
  const scenario = await findScenario(study.scenarioId);
  const version = await findVersionById(study.datasetVersionId);
  if (!scenario || !version) throw new AppError('not_found', 'The scenario or dataset version of this study was not found.');
  const { dataset } = await loadDatasetArrays(version.id);
  const resolved = resolveScenario(dataset, scenario.spec as ScenarioSpec);
  const rows = runRowSets(resolved);
  const request = rows.requests[requestIndex];
  if (!request) {
    throw badUpload(`options.request: this scenario has ${rows.requests.length} deletion request${rows.requests.length === 1 ? '' : 's'}; request ${requestIndex + 1} does not exist.`, { field: 'options.request' });
  }
  const position = new Map<number, number>();
  rows.train.forEach((id, i) => position.set(id, i));
  const positions = (ids: Int32Array) => Int32Array.from(ids, (id) => position.get(id) as number);
  return {
    data: resolved.dataset,
    numClasses: resolved.dataset.classNames.length,
    train: rows.train,
    test: rows.test,
    forget: request.forget,
    retain: request.retain,
    forgetPositions: positions(request.forget),
    retainPositions: positions(request.retain),
    forgetSetHash: resolved.forgetSetHash,
    versionHash: version.hash,
    versionId: version.id,
    version: version.version,
    requests: rows.requests.length,
  };
}

/** Passes a stream through while hashing it. */
async function* hashing(stream: AsyncIterable<Uint8Array>, into: { hash: ReturnType<typeof createHash>; bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    into.hash.update(chunk);
    into.bytes += chunk.length;
    yield chunk;
  }
}

function dataErrorToApp(err: unknown): unknown {
  if (err instanceof DataError) return new AppError(err.code === 'file_too_large' ? 'payload_too_large' : 'validation', err.message, { reason: err.code, ...err.details });
  return err;
}

/**
 * Reads the file parts after the options: logits_train and logits_test, or one ONNX `model`
 * that Lethe runs on the package's arrays. Every refusal names the part and the rule.
 */
async function readOutputs(parts: AsyncIterator<UploadPart>, pkg: PackageRows, modelOnly: string | null): Promise<{ source: ExternalRunTaskPayload['source']; files: ExternalProvenance['files'] }> {
  const logits: Partial<Record<LogitsPart, Float64Array>> = {};
  const files: ExternalProvenance['files'] = {};
  let model: Uint8Array | null = null;
  const maxBytes = uploadLimits().maxBytes;
  for (;;) {
    const next = await parts.next();
    if (next.done) break;
    const part = next.value;
    if (part.kind === 'field') throw new AppError('bad_request', `Unexpected field "${part.name}": send one "options" part first, then the files logits_train and logits_test (or model).`, { field: part.name });
    if (part.name === 'model') {
      if (model || Object.keys(logits).length) throw new AppError('bad_request', 'Send either one model (.onnx) or logits_train and logits_test, not both.', { field: 'model' });
      const digest = { hash: createHash('sha256'), bytes: 0 };
      const chunks: Uint8Array[] = [];
      for await (const chunk of hashing(part.stream, digest)) chunks.push(chunk);
      model = new Uint8Array(digest.bytes);
      let offset = 0;
      for (const c of chunks) {
        model.set(c, offset);
        offset += c.length;
      }
      files.model = { sha256: digest.hash.digest('hex'), bytes: digest.bytes, dtype: 'onnx', shape: [] };
      continue;
    }
    if (!LOGITS_PARTS.includes(part.name as LogitsPart)) throw new AppError('bad_request', `Unknown file part "${part.name}"; the parts are options, then logits_train and logits_test, or model.`, { field: part.name });
    const name = part.name as LogitsPart;
    if (modelOnly) throw badUpload(modelOnly, { field: name, reason: 'logits_cannot_use_lethe_retrain' });
    if (model) throw new AppError('bad_request', 'Send either one model (.onnx) or logits_train and logits_test, not both.', { field: name });
    if (logits[name]) throw new AppError('bad_request', `The file part ${name} was sent twice.`, { field: name });
    const rows = name === 'logits_train' ? pkg.train.length : pkg.test.length;
    const digest = { hash: createHash('sha256'), bytes: 0 };
    try {
      // float64 rows x classes is the largest valid array; the reader refuses a larger declared shape before allocating.
      const read = await readNpy(hashing(part.stream, digest), { maxBytes: Math.min(maxBytes, rows * pkg.numClasses * 8), name: `${name}.npy` });
      logits[name] = checkedLogits(read, `${name}.npy`, rows, pkg.numClasses);
      files[name] = { sha256: digest.hash.digest('hex'), bytes: digest.bytes, dtype: read.dtype, shape: read.shape };
    } catch (err) {
      throw dataErrorToApp(err);
    }
  }
  if (model) return { source: { kind: 'model', model }, files };
  if (modelOnly) throw badUpload(modelOnly, { field: 'model', reason: 'logits_cannot_use_lethe_retrain' });
  for (const name of LOGITS_PARTS) {
    if (!logits[name]) throw badUpload(`The file part ${name} is missing: send ${LOGITS_PARTS.join(' and ')} (.npy, rows x classes in package order), or one ONNX model as "model".`, { field: name });
  }
  return { source: { kind: 'logits', logits: { train: logits.logits_train as Float64Array, test: logits.logits_test as Float64Array } }, files };
}

/** The sentence of an upload stopped for its memory: which limit, and what to change. */
function memoryRefusal(neededMb: number, limitMb: number, model: boolean): AppError {
  const what = model ? 'Running model.onnx on the package\'s arrays and scoring its outputs' : 'Scoring these logits';
  const change = model ? 'use a smaller model (or smaller intermediate tensors) or raise LETHE_EXTERNAL_RUN_MEMORY_MB' : 'raise LETHE_EXTERNAL_RUN_MEMORY_MB';
  return new AppError('validation', `${what} needs ~${neededMb} MB, the limit is ${limitMb} MB: ${change}.`, { field: model ? 'model' : 'logits_train', reason: 'memory_limit', neededMb, limitMb });
}

/**
 * Runs the model (if one was sent) and scores the outputs in the upload lane. Refusals come
 * back as 422 naming the file; a lane that died while running an uploaded model was killed by
 * that model, which is the uploader's problem to fix, not a server error.
 */
async function scoreInLane(pkg: PackageRows, payload: ExternalRunTaskPayload): Promise<Extract<ExternalRunTaskResult, { modelLogits: unknown }>> {
  const model = payload.source.kind === 'model';
  let result: ExternalRunTaskResult;
  try {
    result = await runUploadTask<ExternalRunTaskResult>(
      { kind: 'external-run', payload },
      {
        limitMb: payload.memoryLimitMb,
        dataset: { hash: hashOf({ package: pkg.versionHash, forgetSetHash: pkg.forgetSetHash, rows: pkg.data.rowCount }), load: () => pkg.data },
        transfer: payload.source.kind === 'model' ? [payload.source.model.buffer as ArrayBuffer] : [],
      },
    );
  } catch (err) {
    if (err instanceof RunMemoryError) throw memoryRefusal(err.neededMb, err.limitMb, model);
    if (err instanceof ThreadCrashedError && model) throw badUpload(`model.onnx stopped the process that ran it (${err.message}); nothing was stored.`, { field: 'model' });
    throw err;
  }
  if (result.refused) {
    const { message, reason, memory, differences } = result.refused;
    if (memory) throw memoryRefusal(memory.neededMb, memory.limitMb, model);
    throw badUpload(message, { field: 'model', ...(reason ? { reason } : {}), ...(differences ? { differences } : {}) });
  }
  return result;
}

/** The external retrain an unlearned run of this seed and request is scored against. */
async function referenceRetrain(runs: Run[], seed: number, requestIndex: number): Promise<Run | undefined> {
  return runs.find((r) => r.variant === EXTERNAL_VARIANT && r.kind === 'retrain' && r.seed === seed && r.requestIndex === requestIndex && r.status === 'succeeded');
}

const requestText = (pkg: PackageRows, request: number) => (pkg.requests > 1 ? `, request ${request}` : '');

/**
 * Lethe's own retrain of this seed and request (the plain one, not a method variant's), for
 * `reference: "lethe-retrain"`, with its stored weights. Refusals say exactly what is missing.
 */
async function letheRetrain(study: Study, runs: Run[], options: ExternalRunOptions, pkg: PackageRows): Promise<{ run: Run; weights: Uint8Array }> {
  const where = `seed ${options.seed}${requestText(pkg, options.request)}`;
  if (study.external) {
    throw new AppError('conflict', 'reference "lethe-retrain": this is an external study, so Lethe trained no retrain here; upload your own retrain and use reference "own-retrain", or upload to a Lethe study of the same scenario.', { field: 'options.reference' });
  }
  if ((study.modelSpec as { kind?: string }).kind === 'cnn') {
    throw badUpload('reference "lethe-retrain": this study\'s model spec is a CNN, and Lethe checks only logistic regression and MLP specs from an uploaded graph; use reference "own-retrain".', { field: 'options.reference' });
  }
  const candidates = runs.filter((r) => r.variant === 'standard' && r.kind === 'retrain' && r.seed === options.seed && r.requestIndex === options.request - 1);
  const run = candidates.find((r) => r.status === 'succeeded');
  if (!run) {
    const state = candidates[0] ? ` (its retrain is ${candidates[0].status})` : '';
    const seeds = [...new Set(runs.filter((r) => r.variant === 'standard' && r.kind === 'retrain' && r.status === 'succeeded' && r.requestIndex === options.request - 1).map((r) => r.seed))].sort((a, b) => a - b);
    throw new AppError('conflict', `reference "lethe-retrain": this study has no succeeded Lethe retrain of ${where}${state}. ${seeds.length ? `Its retrains of seed${seeds.length === 1 ? '' : 's'} ${seeds.join(', ')} succeeded.` : 'None of its retrains has succeeded yet.'}`, {
      field: 'options.seed',
    });
  }
  const bytes = await loadArtifact(run.id, 'model');
  const predictor = bytes ? decodeBlob<SerializedPredictor>(bytes) : null;
  if (!predictor || predictor.kind !== 'model') throw new AppError('conflict', `reference "lethe-retrain": Lethe's retrain of ${where} (run ${run.id}) has no stored single model to run on the package.`, { field: 'options.seed' });
  return { run, weights: predictor.weights };
}

/**
 * A method's seeds are compared with one another (distinguishability, U-LiRA): they must all be
 * scored against the same kind of reference, or the study would pool two different baselines.
 */
function assertSameReferenceKind(runs: Run[], options: ExternalRunOptions): void {
  if (!options.method) return;
  const methodId = externalMethodId(options.method);
  const other = runs.find((r) => r.variant === EXTERNAL_VARIANT && r.kind === 'unlearned' && r.methodId === methodId && r.requestIndex === options.request - 1 && externalReferenceOf(r)?.kind !== options.reference);
  if (!other) return;
  const was = externalReferenceOf(other)?.kind ?? 'own-retrain';
  throw new AppError('conflict', `"${options.method}" seed ${other.seed} was scored against reference "${was}" (run ${other.id}); every seed of a method uses the same reference, so send reference "${was}" or use another method label.`, {
    field: 'options.reference',
  });
}

/**
 * POST /studies/{id}/external-runs: validates, scores and stores one external run, then moves
 * the study on (its summary is recomputed once every run has ended). Writers only.
 */
export async function uploadExternalRun(actor: Actor | null, studyId: string, parts: AsyncIterable<UploadPart>): Promise<Run> {
  const study = await studyFor(actor, studyId, 'team.run');
  const uploader = requireActor(actor);
  const iterator = parts[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    if (first.done || first.value.kind !== 'field' || first.value.name !== 'options') {
      throw new AppError('bad_request', 'Send the "options" JSON part first, then logits_train and logits_test.', { field: 'options' });
    }
    const options = parseOptions(first.value.value);
    const requestIndex = options.request - 1;
    const pkg = await packageRows(study, requestIndex);
    const kind = options.role;
    const runs = await listRuns(study.id);
    const useLethe = kind === 'unlearned' && options.reference === 'lethe-retrain';
    assertSameReferenceKind(runs, options);
    const lethe = useLethe ? await letheRetrain(study, runs, options, pkg) : undefined;
    const reference = kind === 'unlearned' ? (lethe?.run ?? (await referenceRetrain(runs, options.seed, requestIndex))) : undefined;
    if (kind === 'unlearned' && !reference) {
      throw new AppError('conflict', `Upload the retrain of seed ${options.seed}${pkg.requests > 1 ? ` for request ${options.request}` : ''} first: an unlearned run is scored against the group's own retrain of the same seed.`, {
        field: 'options.seed',
      });
    }
    const modelOnly = useLethe
      ? 'reference "lethe-retrain" needs the model itself (one ONNX "model" part): uploaded logits cannot show that the model has the study\'s spec. Send the model, or use reference "own-retrain".'
      : null;
    const { source, files } = await readOutputs(iterator, pkg, modelOnly);
    let referenceLogits: PackageLogits | undefined;
    let retrainSeconds: number | undefined;
    if (reference && !lethe) {
      const bytes = await loadArtifact(reference.id, EXTERNAL_LOGITS_ARTIFACT);
      if (!bytes) throw new AppError('conflict', `The retrain of seed ${options.seed} has no stored logits; upload it again in a new study.`);
      const stored = decodeBlob<StoredLogits>(bytes);
      referenceLogits = { train: stored.train, test: stored.test };
      retrainSeconds = reference.external?.seconds ?? undefined;
    }
    if (lethe) retrainSeconds = (lethe.run.metrics as { timing?: { seconds?: number } } | null)?.timing?.seconds ?? undefined;
    const referenceRecord: ExternalReference | undefined = !reference
      ? undefined
      : lethe
        ? { kind: 'lethe-retrain', runId: reference.id, seed: options.seed, requestIndex, specChecked: true, recipeDeclared: true }
        : { kind: 'own-retrain', runId: reference.id, seed: options.seed, requestIndex };
    const scored = await scoreInLane(pkg, {
      rows: { train: pkg.train, test: pkg.test, forget: pkg.forget, retain: pkg.retain, forgetPositions: pkg.forgetPositions, retainPositions: pkg.retainPositions },
      source,
      reference: referenceLogits,
      letheReference: lethe ? { weights: lethe.weights } : undefined,
      seed: options.seed,
      timing: options.seconds !== undefined ? { seconds: options.seconds, retrainSeconds } : undefined,
      memoryLimitMb: externalRunMemoryMb(),
    });
    const own = scored.modelLogits ?? (source.kind === 'logits' ? source.logits : null);
    if (!own) throw new Error('the upload lane returned no logits for a logits upload');
    const { metrics, perExample, outputs } = scored;
    const provenance: ExternalProvenance = {
      uploadedBy: { id: uploader.id, name: uploader.name, email: uploader.email },
      uploadedAt: new Date().toISOString(),
      method: options.method ?? kind,
      description: options.description,
      codeUrl: options.codeUrl ?? null,
      seconds: options.seconds ?? null,
      files,
      ...(referenceRecord ? { reference: referenceRecord } : {}),
    };
    const manifest = {
      external: true,
      seeds: { run: options.seed },
      configs: { variant: EXTERNAL_VARIANT, method: options.method ? { label: options.method } : null },
      reference: !reference
        ? null
        : lethe
          ? { runId: reference.id, kind: "Lethe's retrain of the same seed and request", specChecked: true, recipe: 'declared by the uploader (sameRecipe), not checked' }
          : { runId: reference.id, kind: 'external retrain of the same seed and request' },
      data: {
        datasetId: study.datasetId,
        datasetVersionId: pkg.versionId,
        datasetVersion: pkg.version,
        datasetHash: pkg.versionHash,
        forgetSetHash: pkg.forgetSetHash,
        requestIndex,
        rows: { train: pkg.train.length, forget: pkg.forget.length, retain: pkg.retain.length, test: pkg.test.length },
      },
      files,
    };
    const stored: StoredLogits = { numClasses: pkg.numClasses, train: own.train, test: own.test };
    const result = await insertExternalRun(
      {
        studyId: study.id,
        teamId: study.teamId,
        kind,
        methodId: options.method ? externalMethodId(options.method) : null,
        methodConfig: null,
        seed: options.seed,
        requestIndex,
        inputHash: `external:${Object.values(files).map((f) => f.sha256).join(':')}`,
        external: provenance,
        metrics: metrics as unknown as Record<string, unknown>,
        manifest,
      },
      [
        { key: EXTERNAL_LOGITS_ARTIFACT, data: encodeBlob(stored) },
        { key: 'per-example', data: encodeBlob(perExample) },
        { key: PER_EXAMPLE_OUTPUTS_ARTIFACT, data: encodeBlob(outputs) },
      ],
      reference?.id ?? null,
    );
    if ('taken' in result) {
      throw new AppError('conflict', `This study already has an external ${kind}${options.method ? ` of "${options.method}"` : ''} for seed ${options.seed}${pkg.requests > 1 ? `, request ${options.request}` : ''} (run ${result.taken.id}).`, { runId: result.taken.id });
    }
    await advanceStudy(study.id);
    return result.stored;
  } finally {
    // Lets the multipart reader release the rest of the body when a refusal came mid-request.
    await iterator.return?.(undefined);
  }
}

/** Creates an external study: a scenario and a description of the group's model, no runs queued. */
export async function createExternalStudy(actor: Actor | null, teamId: string, body: unknown): Promise<Study> {
  const access = await authorizeTeam(actor, teamId, 'team.run');
  const parsed = externalStudyInputSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || 'body';
    throw new AppError('validation', `${field}: ${issue.message}`, { field, issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
  }
  const input = parsed.data;
  const scenario = await findScenario(input.scenarioId);
  if (!scenario) throw new AppError('not_found', 'Scenario was not found.', { field: 'scenarioId' });
  // Another team's scenario only while a benchmark publishes it: such a study is a benchmark entry in the making.
  if (scenario.teamId !== access.teamId) await authorizeForeignScenarioUse(actor, scenario);
  const { study } = await insertStudyWithRuns(
    {
      teamId: access.teamId,
      scenarioId: scenario.id,
      datasetId: scenario.datasetId,
      datasetVersionId: scenario.datasetVersionId,
      name: input.name,
      description: input.description,
      // Lethe trains nothing here: the model is the group's, described in `description`.
      modelSpec: {},
      recipe: {},
      seeds: [],
      methods: [],
      external: true,
      reproducedFrom: null,
      createdBy: requireActor(actor).id,
    },
    [],
  );
  return study;
}
