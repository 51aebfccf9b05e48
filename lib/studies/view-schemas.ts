/**
 * The JSON of studies and runs (views.ts builds them) as the API declares it. Stored records the
 * API passes on whole (metrics, manifests, configs) stay free-form objects here: their keys
 * follow the metric catalogue and the manifest version, not the API.
 */
import { z } from 'zod';
import { REVIEW_STATUSES, RUN_KINDS, RUN_STATUSES } from '@/db/schema';
import { modelSpecSchema } from '@/lib/ml/model-spec';
import { isoDate, jsonObject } from '@/lib/wire';

export const runStatusSchema = z.enum(RUN_STATUSES);
export const studyStatusSchema = z.enum(['waiting', 'running', 'succeeded', 'failed', 'cancelled', 'partial']);

export const externalProvenanceSchema = z.object({
  uploadedBy: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  uploadedAt: isoDate,
  method: z.string(),
  description: z.string(),
  codeUrl: z.string().nullable(),
  seconds: z.number().nullable(),
  files: z.record(z.string(), z.object({ sha256: z.string(), bytes: z.number().int(), dtype: z.string(), shape: z.array(z.number().int()) })),
  /** An unlearned run's reference (absent on originals, retrains and older uploads, which used their own retrain). */
  reference: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('own-retrain'), runId: z.uuid(), seed: z.number().int(), requestIndex: z.number().int() }),
      z.object({ kind: z.literal('lethe-retrain'), runId: z.uuid(), seed: z.number().int(), requestIndex: z.number().int(), specChecked: z.literal(true), recipeDeclared: z.literal(true) }),
    ])
    .optional(),
});

/** What names a run wherever runs are listed (run views, the jobs list, the comparison picker). */
export const runIdentityFields = {
  id: z.uuid(),
  kind: z.enum(RUN_KINDS),
  variant: z.string(),
  methodId: z.string().nullable(),
  methodConfig: jsonObject.nullable(),
  seed: z.number().int(),
  requestIndex: z.number().int(),
  status: runStatusSchema,
};

/** runView(): a run's status, progress and, unless left out, its stored metrics record. */
export const runViewSchema = z.object({
  ...runIdentityFields,
  phase: z.string(),
  progress: z.number(),
  progressDetail: jsonObject,
  attempt: z.number().int(),
  workerId: z.string().nullable(),
  reused: z.boolean(),
  reusedFromRunId: z.uuid().nullable(),
  error: z.string().nullable(),
  queuedAt: isoDate.nullable(),
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
  dependsOn: z.array(z.uuid()),
  external: externalProvenanceSchema.nullable(),
  metrics: jsonObject.nullable().optional(),
});

const studyValidationSchema = z.object({ fraction: z.number(), rows: z.number().int(), hash: z.string() });

/** studyView(): a study, its status over its runs, and the runs. */
export const studyViewSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  name: z.string(),
  description: z.string(),
  scenarioId: z.uuid(),
  datasetId: z.uuid(),
  datasetVersionId: z.uuid(),
  modelSpec: jsonObject,
  recipe: jsonObject,
  seeds: z.array(z.number().int()),
  methods: z.array(
    z.object({
      methodId: z.string(),
      config: jsonObject,
      /** A grid point of a hyperparameter sweep: the input entry it came from (group), its point and its values. */
      sweep: z.object({ group: z.number().int(), point: z.number().int(), setting: z.record(z.string(), z.number()) }).optional(),
    }),
  ),
  /** A sweeping study's validation split, carved from the training data: fraction, rows, hash of the rows. */
  validation: studyValidationSchema.nullable(),
  external: z.boolean(),
  status: studyStatusSchema,
  reviewStatus: z.enum(REVIEW_STATUSES),
  reproducedFrom: z.uuid().nullable(),
  createdAt: isoDate,
  finishedAt: isoDate.nullable(),
  summary: jsonObject.nullable(),
  runs: z.array(runViewSchema),
});

/** A recipe as a study states it (StudyRecipe): fields its sender left out keep the training defaults. */
const studyRecipeSchema = z.object({
  epochs: z.number().int(),
  batchSize: z.number().int(),
  optimizer: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('sgd'), learningRate: z.number() }),
    z.object({ kind: z.literal('momentum'), learningRate: z.number(), momentum: z.number().optional(), nesterov: z.boolean().optional() }),
    z.object({ kind: z.literal('adam'), learningRate: z.number(), beta1: z.number().optional(), beta2: z.number().optional(), epsilon: z.number().optional() }),
  ]),
  weightDecay: z.number().optional(),
  schedule: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('constant') }),
      z.object({ kind: z.literal('step'), everyEpochs: z.number().int(), gamma: z.number() }),
      z.object({ kind: z.literal('cosine'), minLearningRate: z.number().optional() }),
    ])
    .optional(),
});

/** StudyPlanSummary (service.ts): what a study would create and cost, for the dry run and the 201 of a launch. */
export const studyPlanSchema = z.object({
  runs: z.object({ original: z.number().int(), retrain: z.number().int(), unlearned: z.number().int(), total: z.number().int(), reused: z.number().int() }),
  modelSpec: modelSpecSchema,
  recipe: studyRecipeSchema,
  seeds: z.array(z.number().int()),
  workers: z.object({ count: z.number().int(), concurrency: z.number().int() }),
  estimateSeconds: z.number(),
  gflopsAssumed: z.number(),
  memory: z.object({
    peakMb: z.number(),
    peakRun: z.string(),
    limitMb: z.number(),
    parts: z.object({ thread: z.number(), data: z.number(), model: z.number(), evaluation: z.number(), method: z.number() }),
  }),
  warnings: z.array(z.string()),
  /** Method configurations once sweeps are expanded into their grid points. */
  methodConfigurations: z.number().int(),
  /** The validation split a sweep chooses on (null without a sweep). */
  validation: studyValidationSchema.nullable(),
});
