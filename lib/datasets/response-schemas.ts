/**
 * The JSON of datasets, versions and scenarios (service.ts and scenarios.ts build them), as the
 * API declares it. Stored records the API passes on whole (a version's ingest options, column
 * schema and stats; a scenario's spec and summary) stay free-form objects.
 */
import { z } from 'zod';
import { DATASET_KINDS, SCENARIO_CATEGORIES } from '@/db/schema';
import { isoDate, jsonObject } from '@/lib/wire';

const datasetKind = z.enum(DATASET_KINDS);

/** 201 of an upload or a new version (DatasetCreated). */
export const datasetCreatedSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  name: z.string(),
  version: z.number().int(),
  versionId: z.uuid(),
  rowCount: z.number().int(),
  featureCount: z.number().int(),
  classCounts: z.array(z.object({ name: z.string(), count: z.number().int() })),
  hash: z.string(),
});

/** A dataset's own row (without versions). */
export const datasetSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  name: z.string(),
  description: z.string(),
  kind: datasetKind,
  origin: z.string(),
  latestVersion: z.number().int(),
  archivedAt: isoDate.nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

/** A row of a team's dataset list, with its latest version's sizes. */
export const datasetListRowSchema = datasetSchema.omit({ createdBy: true }).extend({
  teamName: z.string(),
  rowCount: z.number().int(),
  featureCount: z.number().int(),
  classCount: z.number().int(),
  createdByEmail: z.string().nullable(),
});

/** A version (VersionSummary): everything but the storage codec's header. */
export const versionSummarySchema = z.object({
  id: z.uuid(),
  datasetId: z.uuid(),
  version: z.number().int(),
  sourceId: z.uuid(),
  options: jsonObject,
  note: z.string(),
  hash: z.string(),
  kind: datasetKind,
  rowCount: z.number().int(),
  featureCount: z.number().int(),
  classNames: z.array(z.string()),
  schema: z.array(z.unknown()),
  stats: jsonObject,
  createdBy: z.uuid().nullable(),
  createdAt: isoDate,
  createdByEmail: z.string().nullable(),
});

export const datasetDetailSchema = datasetSchema.extend({
  versions: z.array(versionSummarySchema),
  /** What uses the dataset (deleting it is refused while studies do). */
  dependents: z.object({ scenarios: z.array(z.object({ id: z.uuid(), name: z.string() })), studies: z.array(z.object({ id: z.uuid(), name: z.string() })) }),
});

/** A page of rows: every cell a string, made safe against spreadsheet formula injection. */
export const datasetRowsPageSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.object({ id: z.number().int(), split: z.enum(['train', 'test']), cells: z.array(z.string()) })),
  total: z.number().int(),
});

/** The schema step's preview of the first bytes of a CSV. */
export const csvPreviewSchema = z.object({
  delimiter: z.enum([',', '\t', ';', '|']),
  header: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  /** 1-based source line of each row. */
  lines: z.array(z.number().int()),
  schema: z.array(
    z.object({
      name: z.string(),
      type: z.enum(['numeric', 'categorical']),
      role: z.enum(['feature', 'label', 'subject', 'sensitive', 'ignore']),
      missing: z.enum(['drop', 'median', 'mode', 'error']),
    }),
  ),
  truncated: z.boolean(),
});

export const scenarioViewSchema = z.object({
  id: z.uuid(),
  datasetId: z.uuid(),
  datasetVersion: z.number().int(),
  name: z.string(),
  description: z.string(),
  category: z.enum(SCENARIO_CATEGORIES),
  spec: jsonObject,
  forgetCount: z.number().int(),
  trainCount: z.number().int(),
  forgetShare: z.number(),
  forgetSetHash: z.string(),
  summary: jsonObject,
  locked: z.boolean(),
  duplicatedFrom: z.uuid().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

const compositionSchema = z.object({ value: z.string(), forget: z.number().int(), forgetShare: z.number(), retain: z.number().int(), retainShare: z.number() });

/** The builder's live preview (PreviewForClient): sizes, compositions, subjects, poisoned samples. */
export const scenarioPreviewSchema = z.object({
  category: z.enum(SCENARIO_CATEGORIES),
  trainCount: z.number().int(),
  testCount: z.number().int(),
  forgetCount: z.number().int(),
  retainCount: z.number().int(),
  forgetShare: z.number(),
  classes: z.array(compositionSchema),
  groups: z.array(z.object({ attribute: z.string(), values: z.array(compositionSchema) })),
  subjects: z.object({ count: z.number().int(), fullyForgotten: z.number().int(), ids: z.array(z.string()) }).optional(),
  requestSizes: z.array(z.number().int()),
  poison: z
    .object({
      kind: z.enum(['labelFlip', 'randomLabelFlip', 'backdoor']),
      poisonedCount: z.number().int(),
      identifiedCount: z.number().int(),
      unidentifiedCount: z.number().int(),
      imageShape: z.object({ height: z.number().int(), width: z.number().int(), channels: z.union([z.literal(1), z.literal(3)]) }).optional(),
      triggeredTestCount: z.number().int().optional(),
      sample: z.array(
        z.object({
          row: z.number().int(),
          identified: z.boolean(),
          originalLabel: z.string(),
          poisonedLabel: z.string(),
          cells: z.array(z.object({ column: z.string(), original: z.union([z.number(), z.string()]), poisoned: z.union([z.number(), z.string()]) })),
          /** Images: the poisoned image as a PNG data URL. */
          image: z.string().optional(),
        }),
      ),
    })
    .optional(),
});

/** 201 of a new scenario (created, duplicated): the saved scenario and the preview of what it resolved to. */
export const scenarioCreatedSchema = scenarioViewSchema.extend({ preview: scenarioPreviewSchema });

/** GET of one scenario: with its dataset's name and its category's template (what the category measures). */
export const scenarioDetailSchema = scenarioViewSchema.extend({
  datasetName: z.string(),
  template: z.object({ title: z.string(), explanation: z.string(), metrics: z.array(z.object({ id: z.string(), label: z.string() })) }),
});

/**
 * PATCH of a scenario: createdNew says whether the edit was saved as a new scenario (the old one
 * is used by a study); a new one comes with its preview, as a created scenario does.
 */
export const scenarioUpdatedSchema = scenarioViewSchema.extend({ createdNew: z.boolean(), preview: scenarioPreviewSchema.optional() });
