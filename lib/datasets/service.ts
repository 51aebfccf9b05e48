/**
 * Datasets as the app uses them: every function checks the gate, then calls lib/data for the
 * pure work and db/ for storage. A failed upload stores nothing (one transaction at the end).
 */
import { PNG } from 'pngjs';
import { z } from 'zod';
import {
  deleteDataset,
  findDataset,
  findDatasetByName,
  findSource,
  findVersion,
  listDatasets,
  listVersions,
  loadSourceChunks,
  storeNewDataset,
  storeNextVersion,
  updateDataset,
} from '@/db/queries/datasets';
import { datasetDependents } from '@/db/queries/dataset-dependents';
import type { Dataset, DatasetVersion } from '@/db/schema';
import { rowsForDisplay, type ColumnSchema, type DatasetArrays, type DatasetStats, type ProgressCallback } from '@/lib/data';
import type { Actor } from '@/lib/auth/actor';
import { authorizeTeam, isUuid, requireActor, type TeamAccess } from '@/lib/auth/gate';
import { AppError } from '@/lib/errors';
import { loadDatasetArrays } from './dataset-cache';
import { ingestUpload, type UploadFile } from './ingest-files';
import { restoredSource } from './source-store';
import { columnChoiceSchema, datasetDescriptionSchema, datasetNameSchema, splitChoiceSchema, uploadOptionsSchema, versionOptions, type UploadOptions } from './upload-options';
import { newSourceRecord, newVersionRecord } from './version-record';

export interface DatasetCreated {
  id: string;
  teamId: string;
  name: string;
  version: number;
  versionId: string;
  rowCount: number;
  featureCount: number;
  classCounts: Array<{ name: string; count: number }>;
  hash: string;
}

function issuesToError(err: z.ZodError, prefix: string): AppError {
  const issues = err.issues.map((i) => ({ field: [prefix, ...i.path].filter(Boolean).join('.'), message: i.message }));
  return new AppError('validation', `${issues[0].field}: ${issues[0].message}`, { field: issues[0].field, issues });
}

export function parseUploadOptions(raw: unknown): UploadOptions {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new AppError('bad_request', 'The "options" part must be JSON.', { field: 'options' });
    }
  }
  const parsed = uploadOptionsSchema.safeParse(value ?? {});
  if (!parsed.success) throw issuesToError(parsed.error, 'options');
  return parsed.data;
}

/** The gate for uploads: checked before a byte of the body is read. */
export function authorizeUpload(actor: Actor | null, teamId: string): Promise<TeamAccess> {
  return authorizeTeam(actor, teamId, 'team.write');
}

async function assertNameFree(teamId: string, name: string, field: string, exceptId?: string): Promise<void> {
  const existing = await findDatasetByName(teamId, name);
  if (existing && existing.id !== exceptId) {
    throw new AppError('conflict', `The team already has a dataset named "${existing.name}". Choose another name.`, { field });
  }
}

function created(dataset: Dataset, version: DatasetVersion): DatasetCreated {
  const stats = version.stats as unknown as DatasetStats;
  return {
    id: dataset.id,
    teamId: dataset.teamId,
    name: dataset.name,
    version: version.version,
    versionId: version.id,
    rowCount: version.rowCount,
    featureCount: version.featureCount,
    classCounts: stats.classCounts,
    hash: version.hash,
  };
}

export async function createDataset(
  access: TeamAccess,
  options: UploadOptions,
  files: UploadFile[],
  extra: { onProgress?: ProgressCallback; origin?: string } = {},
): Promise<DatasetCreated> {
  await assertNameFree(access.teamId, options.name, 'options.name');
  const { format, result, kept } = await ingestUpload(options, files, extra.onProgress);
  const stored = await storeNewDataset({
    teamId: access.teamId,
    name: options.name,
    description: options.description,
    origin: extra.origin,
    createdBy: access.actor.id,
    source: newSourceRecord(format, kept),
    version: newVersionRecord(result, versionOptions({ ...options, format }), 'First version'),
    audit: { action: 'dataset.created', teamId: access.teamId, actorId: access.actor.id, targetType: 'dataset', details: { name: options.name, rows: result.dataset.rowCount } },
  }).catch((err) => {
    if ((err as { kind?: string }).kind === 'unique_violation') {
      throw new AppError('conflict', `The team already has a dataset named "${options.name}". Choose another name.`, { field: 'options.name' });
    }
    throw err;
  });
  return created(stored.dataset, stored.version);
}

/** Finds a dataset the actor may act on; another team's dataset answers 404 like a missing one. */
export async function datasetFor(actor: Actor | null, id: string, action: 'team.read' | 'team.write'): Promise<{ dataset: Dataset; access: TeamAccess }> {
  requireActor(actor);
  const dataset = isUuid(id) ? await findDataset(id) : undefined;
  if (!dataset) throw new AppError('not_found', 'Dataset was not found.');
  const access = await authorizeTeam(actor, dataset.teamId, action, 'Dataset');
  return { dataset, access };
}

export async function teamDatasets(actor: Actor | null, teamId: string, includeArchived = false) {
  await authorizeTeam(actor, teamId, 'team.read');
  return listDatasets({ teamId, includeArchived });
}

export async function datasetDetails(actor: Actor | null, id: string) {
  const { dataset, access } = await datasetFor(actor, id, 'team.read');
  const [versions, dependents] = await Promise.all([listVersions(id), datasetDependents(id)]);
  return { dataset, access, versions, dependents };
}

export async function versionOf(actor: Actor | null, id: string, versionNumber: number): Promise<DatasetVersion> {
  await datasetFor(actor, id, 'team.read');
  const version = Number.isInteger(versionNumber) && versionNumber > 0 ? await findVersion(id, versionNumber) : undefined;
  if (!version) throw new AppError('not_found', `Version ${versionNumber} of this dataset was not found.`);
  return version;
}

export const datasetPatchSchema = z
  .object({ name: datasetNameSchema.optional(), description: datasetDescriptionSchema.optional(), archived: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one of name, description, archived.');

export async function updateDatasetDetails(actor: Actor | null, id: string, patch: z.infer<typeof datasetPatchSchema>): Promise<Dataset> {
  const { dataset, access } = await datasetFor(actor, id, 'team.write');
  if (patch.name && patch.name.toLowerCase() !== dataset.name.toLowerCase()) await assertNameFree(dataset.teamId, patch.name, 'name', dataset.id);
  const changes: Partial<Pick<Dataset, 'name' | 'description' | 'archivedAt'>> = {};
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.archived !== undefined) changes.archivedAt = patch.archived ? (dataset.archivedAt ?? new Date()) : null;
  const action = patch.archived === true ? 'dataset.archived' : patch.archived === false ? 'dataset.unarchived' : 'dataset.updated';
  const updated = await updateDataset(id, changes, {
    action,
    teamId: dataset.teamId,
    actorId: access.actor.id,
    targetType: 'dataset',
    targetId: id,
    details: { name: patch.name ?? dataset.name, ...(patch.name && patch.name !== dataset.name ? { previousName: dataset.name } : {}) },
  });
  if (!updated) throw new AppError('not_found', 'Dataset was not found.');
  return updated;
}

/**
 * Deletes a dataset, its versions and its scenarios. Refused while studies use it (their results
 * would lose their data); otherwise the caller must confirm by sending the dataset's name.
 */
export async function removeDataset(actor: Actor | null, id: string, confirmName: string | undefined): Promise<void> {
  const { dataset, access } = await datasetFor(actor, id, 'team.write');
  const dependents = await datasetDependents(id);
  if (dependents.studies.length > 0) {
    throw new AppError(
      'conflict',
      `${dependents.studies.length} ${dependents.studies.length === 1 ? 'study uses' : 'studies use'} this dataset (${dependents.studies.map((s) => s.name).join(', ')}). Delete those studies first, or archive the dataset instead.`,
      { dependents },
    );
  }
  if (confirmName !== dataset.name) {
    throw new AppError('validation', `To delete, confirm with the dataset's exact name "${dataset.name}".${dependents.scenarios.length ? ` Its ${dependents.scenarios.length} scenario(s) are deleted with it.` : ''}`, {
      field: 'confirm',
      dependents,
    });
  }
  await deleteDataset(id, {
    action: 'dataset.deleted',
    teamId: dataset.teamId,
    actorId: access.actor.id,
    targetType: 'dataset',
    targetId: id,
    details: { name: dataset.name, versions: dataset.latestVersion, scenarios: dependents.scenarios.length, byAdmin: access.role === null },
  });
}

export const newVersionSchema = z.object({
  columns: z.array(columnChoiceSchema).max(2000).optional(),
  classNames: z.array(z.string().trim().min(1)).max(1000).optional(),
  trainFraction: splitChoiceSchema.shape.trainFraction.optional(),
  splitSeed: splitChoiceSchema.shape.splitSeed.optional(),
  note: z.string().max(500).optional(),
});

/**
 * A new version from the stored source with changed schema or split choices, or (with files)
 * from replaced data. The previous versions stay as they were; studies keep pointing at theirs.
 */
export async function createVersion(
  actor: Actor | null,
  id: string,
  change: z.infer<typeof newVersionSchema>,
  files?: UploadFile[],
  onProgress?: ProgressCallback,
): Promise<DatasetCreated> {
  const { dataset, access } = await datasetFor(actor, id, 'team.write');
  const latest = await findVersion(id, dataset.latestVersion);
  if (!latest) throw new AppError('not_found', 'Dataset version was not found.');
  const previous = latest.options as Partial<UploadOptions>;
  const options = parseUploadOptions({
    ...previous,
    name: dataset.name,
    description: dataset.description,
    imageSize: previous.imageSize ?? undefined,
    classNames: change.classNames ?? previous.classNames ?? undefined,
    columns: change.columns ?? previous.columns,
    trainFraction: change.trainFraction ?? previous.trainFraction,
    splitSeed: change.splitSeed ?? previous.splitSeed,
    format: files ? undefined : previous.format,
  });
  let sourceFiles = files;
  let existingSourceId: string | undefined;
  if (!sourceFiles) {
    const source = await findSource(latest.sourceId);
    if (!source) throw new AppError('not_found', 'The stored source of this dataset was not found.');
    const chunks = await loadSourceChunks(source.id);
    sourceFiles = source.files.map((f) => ({ role: f.role, name: f.name, source: restoredSource(chunks.slice(f.firstChunk, f.firstChunk + f.chunkCount), f.gzipped) }));
    existingSourceId = source.id;
  }
  const { format, result, kept } = await ingestUpload(options, sourceFiles, onProgress);
  if (result.hash === latest.hash) {
    throw new AppError('validation', 'These choices give exactly the data of the current version; nothing to save.', { field: 'columns' });
  }
  const note = change.note?.trim() || (files ? 'Data replaced' : 'Schema or split changed');
  const version = await storeNextVersion({
    datasetId: id,
    createdBy: access.actor.id,
    source: existingSourceId ? { existingSourceId } : newSourceRecord(format, kept),
    version: newVersionRecord(result, versionOptions({ ...options, format }), note),
  });
  return created({ ...dataset, latestVersion: version.version }, version);
}

export async function datasetRows(actor: Actor | null, id: string, versionNumber: number, offset: number, limit: number) {
  const version = await versionOf(actor, id, versionNumber);
  const { dataset } = await loadDatasetArrays(version.id);
  return rowsForDisplay(dataset, Math.max(0, offset), Math.min(Math.max(1, limit), 200), version.schema as ColumnSchema[]);
}

/** One image of an image dataset as PNG bytes. */
export async function datasetImagePng(actor: Actor | null, id: string, versionNumber: number, row: number): Promise<Uint8Array> {
  const version = await versionOf(actor, id, versionNumber);
  return datasetRowPng((await loadDatasetArrays(version.id)).dataset, row);
}

/** One row of loaded dataset arrays as PNG; 404 for a dataset without images or a row it does not have. */
export function datasetRowPng(dataset: DatasetArrays, row: number): Uint8Array {
  if (dataset.kind !== 'image' || !dataset.pixels || !dataset.imageShape) throw new AppError('not_found', 'This dataset has no images.');
  if (!Number.isInteger(row) || row < 0 || row >= dataset.rowCount) throw new AppError('not_found', `Row ${row} does not exist (the dataset has ${dataset.rowCount} rows).`);
  return imageToPng(dataset.pixels, dataset.imageShape, row);
}

export function imageToPng(pixels: Uint8Array, shape: { height: number; width: number; channels: 1 | 3 }, row: number): Uint8Array {
  const { height, width, channels } = shape;
  const size = height * width * channels;
  const png = new PNG({ width, height });
  const start = row * size;
  for (let p = 0; p < height * width; p++) {
    const base = start + p * channels;
    png.data[p * 4] = pixels[base];
    png.data[p * 4 + 1] = pixels[base + (channels === 3 ? 1 : 0)];
    png.data[p * 4 + 2] = pixels[base + (channels === 3 ? 2 : 0)];
    png.data[p * 4 + 3] = 255;
  }
  return new Uint8Array(PNG.sync.write(png));
}

export async function allDatasetsForAdmin(actor: Actor | null, includeArchived = true) {
  if (!actor?.isAdmin) throw new AppError(actor ? 'forbidden' : 'unauthorized', 'Only site admins may list every dataset.');
  return listDatasets({ teamId: null, includeArchived });
}
