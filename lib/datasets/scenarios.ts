/**
 * Scenarios as the app uses them: validated and resolved with lib/scenarios against the stored
 * dataset version, saved with their forget-set size, hash and composition. Every function checks
 * the gate through the scenario's dataset.
 */
import { z } from 'zod';
import { findDataset, findVersion, findVersionById } from '@/db/queries/datasets';
import { deleteScenario, findScenario, insertScenario, listScenarios, updateUnlockedScenario, type NewScenario } from '@/db/queries/scenarios';
import type { Scenario } from '@/db/schema';
import type { DatasetArrays } from '@/lib/data';
import type { Actor } from '@/lib/auth/actor';
import { authorizeScenarioRead, isUuid } from '@/lib/auth/gate';
import { AppError } from '@/lib/errors';
import { parseScenarioSpec, previewScenario, resolveScenario, ScenarioError, scenarioTemplates, type ScenarioPreview, type ScenarioSpec } from '@/lib/scenarios';
import { loadDatasetArrays } from './dataset-cache';
import { datasetFor, imageToPng } from './service';

export const scenarioMetaSchema = z.object({
  name: z.string().trim().min(1, 'Name the scenario.').max(120, 'A scenario name has at most 120 characters.'),
  description: z.string().max(5000).default(''),
  /** Dataset version number; the latest when absent. */
  version: z.number().int().positive().optional(),
});

/** The body of create/preview: name etc. plus the spec fields (category, seed, selector, injection, identifiedFraction, requests). */
export function splitScenarioBody(body: unknown): { meta: z.infer<typeof scenarioMetaSchema>; spec: unknown } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('validation', 'The body must be a JSON object.');
  const { name, description, version, ...spec } = body as Record<string, unknown>;
  const meta = scenarioMetaSchema.safeParse({ name, description, version });
  if (!meta.success) {
    const issue = meta.error.issues[0];
    throw new AppError('validation', `${String(issue.path[0])}: ${issue.message}`, { field: String(issue.path[0]) });
  }
  return { meta: meta.data, spec };
}

export function scenarioErrorToAppError(err: unknown): unknown {
  if (err instanceof ScenarioError) return new AppError('validation', err.message, { reason: err.code, ...err.details });
  return err;
}

/** JSON-safe preview: poison sample images become PNG data URLs the browser can show. */
export type PreviewForClient = Omit<ScenarioPreview, 'poison'> & {
  poison?: Omit<NonNullable<ScenarioPreview['poison']>, 'sample'> & {
    sample: Array<Omit<NonNullable<ScenarioPreview['poison']>['sample'][number], 'pixels'> & { image?: string }>;
  };
};

function previewForClient(preview: ScenarioPreview): PreviewForClient {
  if (!preview.poison) return preview as PreviewForClient;
  const shape = preview.poison.imageShape;
  return {
    ...preview,
    poison: {
      ...preview.poison,
      sample: preview.poison.sample.map(({ pixels, ...rest }) => ({
        ...rest,
        ...(pixels && shape ? { image: `data:image/png;base64,${Buffer.from(imageToPng(pixels, shape, 0)).toString('base64')}` } : {}),
      })),
    },
  };
}

function withoutImages(preview: PreviewForClient): Record<string, unknown> {
  if (!preview.poison) return preview as unknown as Record<string, unknown>;
  return { ...preview, poison: { ...preview.poison, sample: preview.poison.sample.map(({ image: _image, ...rest }) => rest) } };
}

interface Resolved {
  spec: ScenarioSpec;
  preview: PreviewForClient;
  forgetSetHash: string;
  trainCount: number;
}

function resolveAndPreview(ds: DatasetArrays, rawSpec: unknown): Resolved {
  try {
    const spec = parseScenarioSpec(rawSpec);
    const resolved = resolveScenario(ds, spec);
    const preview = previewScenario(ds, spec);
    return { spec, preview: previewForClient(preview), forgetSetHash: resolved.forgetSetHash, trainCount: ds.split.train.length };
  } catch (err) {
    throw scenarioErrorToAppError(err);
  }
}

async function writableDatasetVersion(actor: Actor | null, datasetId: string, versionNumber: number | undefined) {
  const { dataset, access } = await datasetFor(actor, datasetId, 'team.write');
  if (dataset.archivedAt) {
    throw new AppError('validation', `The dataset "${dataset.name}" is archived; unarchive it before adding scenarios.`, { field: 'datasetId' });
  }
  const number = versionNumber ?? dataset.latestVersion;
  const version = await findVersion(dataset.id, number);
  if (!version) throw new AppError('validation', `The dataset has no version ${number} (latest is ${dataset.latestVersion}).`, { field: 'version' });
  return { dataset, access, version };
}

export interface ScenarioView {
  id: string;
  datasetId: string;
  datasetVersion: number;
  name: string;
  description: string;
  category: Scenario['category'];
  spec: Record<string, unknown>;
  forgetCount: number;
  trainCount: number;
  forgetShare: number;
  forgetSetHash: string;
  summary: Record<string, unknown>;
  locked: boolean;
  duplicatedFrom: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function view(s: Scenario, datasetVersion: number): ScenarioView {
  return {
    id: s.id,
    datasetId: s.datasetId,
    datasetVersion,
    name: s.name,
    description: s.description,
    category: s.category,
    spec: s.spec,
    forgetCount: s.forgetCount,
    trainCount: s.trainCount,
    forgetShare: s.trainCount ? s.forgetCount / s.trainCount : 0,
    forgetSetHash: s.forgetSetHash,
    summary: s.summary,
    locked: s.lockedAt !== null,
    duplicatedFrom: s.duplicatedFrom,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** What the builder shows before saving: sizes, compositions, subjects, poisoned samples. */
export async function previewScenarioFor(actor: Actor | null, datasetId: string, body: unknown): Promise<PreviewForClient> {
  const { meta, spec } = splitScenarioBody({ name: 'preview', ...(body as object) });
  const { version } = await writableDatasetVersion(actor, datasetId, meta.version);
  const { dataset } = await loadDatasetArrays(version.id);
  return resolveAndPreview(dataset, spec).preview;
}

export async function createScenario(actor: Actor | null, datasetId: string, body: unknown, extra: { duplicatedFrom?: string } = {}): Promise<ScenarioView & { preview: PreviewForClient }> {
  const { meta, spec: rawSpec } = splitScenarioBody(body);
  const { dataset, access, version } = await writableDatasetVersion(actor, datasetId, meta.version);
  const { dataset: arrays } = await loadDatasetArrays(version.id);
  const resolved = resolveAndPreview(arrays, rawSpec);
  const values: NewScenario = {
    teamId: dataset.teamId,
    datasetId: dataset.id,
    datasetVersionId: version.id,
    name: meta.name,
    description: meta.description,
    category: resolved.spec.category,
    spec: resolved.spec as unknown as Record<string, unknown>,
    forgetCount: resolved.preview.forgetCount,
    trainCount: resolved.trainCount,
    forgetSetHash: resolved.forgetSetHash,
    summary: withoutImages(resolved.preview),
    duplicatedFrom: extra.duplicatedFrom ?? null,
    createdBy: access.actor.id,
  };
  const row = await insertScenario(values);
  return { ...view(row, version.version), preview: resolved.preview };
}

export async function scenarioFor(actor: Actor | null, id: string, action: 'team.read' | 'team.write') {
  const scenario = isUuid(id) ? await findScenario(id) : undefined;
  if (!scenario) {
    if (!actor) throw new AppError('unauthorized', 'Sign in, or send an API token.');
    throw new AppError('not_found', 'Scenario was not found.');
  }
  try {
    const { dataset, access } = await datasetFor(actor, scenario.datasetId, action);
    return { scenario, dataset, access };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', 'Scenario was not found.');
    throw err;
  }
}

/**
 * A scenario to read: one of the actor's teams, or one a published benchmark makes readable
 * to every signed-in user (lib/auth/gate authorizeScenarioRead). Writes use scenarioFor.
 */
export async function readableScenario(actor: Actor | null, id: string) {
  const scenario = isUuid(id) ? await findScenario(id) : undefined;
  if (!scenario) {
    if (!actor) throw new AppError('unauthorized', 'Sign in, or send an API token.');
    throw new AppError('not_found', 'Scenario was not found.');
  }
  await authorizeScenarioRead(actor, scenario);
  const dataset = await findDataset(scenario.datasetId);
  if (!dataset) throw new AppError('not_found', 'Scenario was not found.');
  return { scenario, dataset };
}

/**
 * The dataset version a readable scenario resolves over (what its package holds), and whether
 * the scenario belongs to another team than `teamId` (a published benchmark's).
 */
export async function scenarioVersionFor(actor: Actor | null, scenarioId: string, teamId: string) {
  const { scenario } = await readableScenario(actor, scenarioId);
  const version = await findVersionById(scenario.datasetVersionId);
  if (!version) throw new AppError('not_found', 'The dataset version of this scenario was not found.');
  return { version, foreign: scenario.teamId !== teamId };
}

export async function getScenario(actor: Actor | null, id: string) {
  const { scenario, dataset } = await readableScenario(actor, id);
  const version = await findVersionById(scenario.datasetVersionId);
  const template = scenarioTemplates[scenario.category];
  return {
    ...view(scenario, version?.version ?? 0),
    datasetName: dataset.name,
    template: { title: template.title, explanation: template.explanation, metrics: template.metrics },
  };
}

export async function datasetScenarios(actor: Actor | null, datasetId: string): Promise<ScenarioView[]> {
  await datasetFor(actor, datasetId, 'team.read');
  return (await listScenarios(datasetId)).map((s) => view(s, s.version));
}

/**
 * Edits a scenario. One that a study uses is immutable: the edit is saved as a new scenario
 * (reported with createdNew) and the original stays as the study saw it.
 */
/** An edit; of a locked scenario (a study uses it) a new one, which comes with its preview like any created scenario. */
export async function updateScenario(actor: Actor | null, id: string, body: unknown): Promise<ScenarioView & { createdNew: boolean; preview?: PreviewForClient }> {
  const { scenario } = await scenarioFor(actor, id, 'team.write');
  const version = await findVersionById(scenario.datasetVersionId);
  const saved = { name: scenario.name, description: scenario.description, version: version?.version };
  // A body with a category is a whole new spec (so optional parts can be removed); without one,
  // it changes only the fields it names.
  const replacesSpec = body !== null && typeof body === 'object' && 'category' in body;
  const merged = { ...saved, ...(replacesSpec ? {} : scenario.spec), ...(body as object) };
  if (scenario.lockedAt) {
    const created = await createScenario(actor, scenario.datasetId, { ...merged, name: merged.name === scenario.name ? `${scenario.name} (edited)` : merged.name }, { duplicatedFrom: scenario.id });
    return { ...created, createdNew: true };
  }
  const { meta, spec: rawSpec } = splitScenarioBody(merged);
  const { version: target } = await writableDatasetVersion(actor, scenario.datasetId, meta.version);
  const { dataset: arrays } = await loadDatasetArrays(target.id);
  const resolved = resolveAndPreview(arrays, rawSpec);
  const row = await updateUnlockedScenario(id, {
    name: meta.name,
    description: meta.description,
    datasetVersionId: target.id,
    category: resolved.spec.category,
    spec: resolved.spec as unknown as Record<string, unknown>,
    forgetCount: resolved.preview.forgetCount,
    trainCount: resolved.trainCount,
    forgetSetHash: resolved.forgetSetHash,
    summary: withoutImages(resolved.preview),
  });
  if (!row) throw new AppError('conflict', 'A study started using this scenario meanwhile; edit it again to save a new scenario.');
  return { ...view(row, target.version), createdNew: false };
}

export async function duplicateScenario(actor: Actor | null, id: string, name?: string): Promise<ScenarioView & { preview: PreviewForClient }> {
  const { scenario } = await scenarioFor(actor, id, 'team.write');
  const version = await findVersionById(scenario.datasetVersionId);
  return createScenario(
    actor,
    scenario.datasetId,
    { ...scenario.spec, name: name?.trim() || `${scenario.name} (copy)`, description: scenario.description, version: version?.version },
    { duplicatedFrom: scenario.id },
  );
}

export async function removeScenario(actor: Actor | null, id: string): Promise<void> {
  const { scenario, access } = await scenarioFor(actor, id, 'team.write');
  if (scenario.lockedAt) throw new AppError('conflict', 'A study uses this scenario; delete the study first.');
  await deleteScenario(id, { action: 'scenario.deleted', teamId: scenario.teamId, actorId: access.actor.id, targetType: 'scenario', targetId: id, details: { name: scenario.name } });
}
