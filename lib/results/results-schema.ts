/**
 * The JSON of a results dashboard (ResultsData: the interval table, the headline with each
 * study's verdict, the chart series), of its on-demand parts and of its JSON export, as the API
 * declares them. Ids are strings, not UUIDs: a share link's copy names runs and studies by alias
 * (shared-1, shared-2, ...).
 */
import { z } from 'zod';
import { SCENARIO_CATEGORIES, RUN_KINDS } from '@/db/schema';
import { isoDate, jsonObject } from '@/lib/wire';

const category = z.enum(SCENARIO_CATEGORIES);
const intervalMethod = z.enum(['bootstrap-percentile', 't', 't-clipped', 'log-t']);
const split = <T extends z.ZodType>(item: T) => z.object({ forget: item, retain: item, test: item });

/** Mean and 95% interval over seeds of one metric (aggregate.ts Stat). */
export const statSchema = z.object({
  n: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  halfWidth: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  interval: intervalMethod.nullable(),
  rough: z.boolean(),
});

const distinguishabilitySchema = z.object({ numModels: z.number().int(), epsilonCeiling: z.number(), notComputable: z.string().nullable() });

export const resultRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  detail: z.string(),
  kind: z.enum(RUN_KINDS),
  variant: z.string(),
  methodId: z.string().nullable(),
  methodConfig: jsonObject.nullable(),
  requestIndex: z.number().int(),
  studyId: z.string(),
  studyName: z.string(),
  pinned: z.boolean(),
  baseline: z.boolean(),
  baselineKey: z.string().nullable(),
  runIds: z.array(z.string()),
  seeds: z.array(z.number().int()),
  runsTotal: z.number().int(),
  runsSucceeded: z.number().int(),
  runCounts: z.object({ total: z.number().int(), succeeded: z.number().int(), running: z.number().int(), queued: z.number().int(), failed: z.number().int(), cancelled: z.number().int() }),
  values: z.record(z.string(), statSchema),
  gaps: z.record(z.string(), statSchema),
  distinguishability: distinguishabilitySchema.nullable(),
  note: z.string().nullable(),
});

const classSeriesSchema = z.object({ classIndex: z.number().int(), name: z.string(), values: z.record(z.string(), z.number().nullable()) });

export const resultsChartsSchema = z.object({
  exampleSeed: z.number().int().nullable(),
  perClass: split(z.array(classSeriesSchema)),
  fairness: z.array(z.object({ attribute: z.string(), split: z.literal('test'), groups: z.array(z.object({ name: z.string(), values: z.record(z.string(), z.number().nullable()) })) })),
  roc: z.array(z.object({ rowKey: z.string(), runId: z.string(), seed: z.number().int(), auc: z.number(), population: z.string().nullable(), points: z.array(z.tuple([z.number(), z.number()])) })),
  curves: z.array(z.object({ rowKey: z.string(), runId: z.string(), seed: z.number().int(), points: z.array(z.object({ epoch: z.number(), phase: z.string(), loss: z.number() })) })),
});

const seedRowSchema = z.object({ rowKey: z.string(), runId: z.string(), seed: z.number().int(), status: z.string(), values: z.record(z.string(), z.number()), gaps: z.record(z.string(), z.number()) });

/** A hyperparameter sweep of a study and its choice (lib/results/sweep SweepGroup). */
export const sweepGroupSchema = z.object({
  studyId: z.string(),
  group: z.number().int(),
  methodId: z.string(),
  settings: z.array(z.string()),
  requestIndex: z.number().int(),
  points: z.array(
    z.object({
      point: z.number().int(),
      setting: z.record(z.string(), z.number()),
      config: jsonObject,
      n: z.number().int(),
      mean: z.number().nullable(),
      sd: z.number().nullable(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      eligible: z.boolean(),
      chosen: z.boolean(),
    }),
  ),
  chosen: z.number().int(),
  provisional: z.boolean(),
  validationRows: z.number().int().nullable(),
});

export const resultsTableSchema = z.object({
  category: category.nullable(),
  metrics: z.array(z.string()),
  keyMetrics: z.array(z.string()),
  defaultColumns: z.array(z.string()),
  rows: z.array(resultRowSchema),
  requests: z.number().int(),
  seeds: z.array(z.number().int()),
  baselineLabel: z.string(),
  notes: z.array(z.string()),
  charts: resultsChartsSchema,
  seedRows: z.array(seedRowSchema).optional(),
  sweeps: z.array(sweepGroupSchema).optional(),
});

const criterionFields = { id: z.string(), statement: z.string(), metricKey: z.string(), useGap: z.boolean(), sense: z.enum(['min', 'max']) };

/** One study's verdict (verdict.ts StudyVerdict): null and noise floor per metric, each method's gaps, the named winners. */
export const studyVerdictSchema = z.object({
  studyId: z.string(),
  category: category.nullable(),
  requestIndex: z.number().int(),
  retrainSeeds: z.array(z.number().int()),
  metrics: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      retrain: z.number().nullable(),
      original: z.number().nullable(),
      nullGap: z.number().nullable(),
      noiseFloor: z.number().nullable(),
      pairs: z.number().int(),
      resolution: z.number(),
      hasPower: z.boolean(),
      noPower: z.string().nullable(),
    }),
  ),
  methods: z.array(
    z.object({
      key: z.string(),
      methodId: z.string(),
      config: jsonObject.nullable(),
      requestIndex: z.number().int(),
      seeds: z.number().int(),
      reference: z.string(),
      gaps: z.record(z.string(), statSchema),
      values: z.record(z.string(), statSchema),
      testAccuracyLoss: z.number().nullable(),
      disqualified: z.array(z.string()),
    }),
  ),
  criteria: z.array(z.object({ ...criterionFields, winners: z.array(z.string()), sentence: z.string() })),
  closest: z.array(z.string()),
  warnings: z.array(z.string()),
});

export const headlineSchema = z.object({
  criteria: z.array(z.object({ criterion: z.object(criterionFields), winners: z.array(z.object({ rowKey: z.string(), label: z.string() })), sentence: z.string() })),
  rule: z.string(),
  warnings: z.array(z.string()),
  verdicts: z.array(studyVerdictSchema),
});

/** ResultsData: what a study's or a comparison's dashboard reads. */
export const resultsDataSchema = z.object({
  kind: z.enum(['study', 'comparison']),
  title: z.string(),
  teamId: z.string(),
  studies: z.array(z.object({ id: z.string(), name: z.string(), scenarioName: z.string(), category: z.string() })),
  dataset: z.object({ id: z.string(), name: z.string(), version: z.number().int(), kind: z.enum(['tabular', 'image']), classNames: z.array(z.string()) }),
  status: z.string(),
  table: resultsTableSchema,
  headline: headlineSchema,
  /** false: a page's first view (page-payload.ts), whose other parts load after; absent from the API: everything. */
  complete: z.literal(false).optional(),
});

const histogramSchema = z.object({ edges: z.array(z.number()), shares: split(z.array(z.number())), counts: split(z.number().int()) });

/** GET …/results/distributions: one run's loss and confidence histograms. */
export const runDistributionsSchema = z.object({
  runId: z.string(),
  seed: z.number().int(),
  distributions: z.object({ loss: histogramSchema, confidence: histogramSchema }),
});

/** GET …/results/forget-examples: forget-set rows and each model's predicted class (null: no prediction stored). */
export const forgetExamplesSchema = z.object({
  datasetId: z.string(),
  version: z.number().int(),
  seed: z.number().int(),
  requestIndex: z.number().int(),
  classNames: z.array(z.string()),
  items: z.array(z.object({ row: z.number().int(), label: z.number().int(), predictions: z.record(z.string(), z.number().int().nullable()) })),
  forgetCount: z.number().int(),
  /** Row key of the table → the run whose predictions these are. */
  runs: z.record(z.string(), z.string()),
});

const exportCellSchema = z.object({ mean: z.number().nullable(), ciLow: z.number().nullable(), ciHigh: z.number().nullable(), n: z.number().int(), interval: intervalMethod.nullable() });
const exportIdentity = { label: z.string(), detail: z.string(), kind: z.enum(RUN_KINDS), methodId: z.string().nullable(), config: jsonObject.nullable(), requestIndex: z.number().int(), studyId: z.string() };

/** The JSON export of a results table (?format=json), a file: lethe.results.v1. */
export const resultsExportSchema = z.object({
  format: z.literal('lethe.results.v1'),
  title: z.string(),
  category: z.string().nullable(),
  baseline: z.string(),
  confidence: z.literal(0.95),
  columns: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string(), hasGap: z.boolean() })),
  rows: z.array(
    z.object({
      ...exportIdentity,
      key: z.string(),
      baseline: z.boolean(),
      seeds: z.array(z.number().int()),
      values: z.record(z.string(), exportCellSchema.nullable()),
      gaps: z.record(z.string(), exportCellSchema.nullable()),
      forgetQuality: distinguishabilitySchema.nullable(),
    }),
  ),
  seedRows: z
    .array(z.object({ ...exportIdentity, row: z.string(), runId: z.string(), seed: z.number().int(), status: z.string(), values: z.record(z.string(), z.number()), gaps: z.record(z.string(), z.number()) }))
    .optional(),
  sweeps: z.array(sweepGroupSchema).optional(),
  notes: z.array(z.string()),
  /** The headline's sentences, the verdict rule and its warnings, as on the dashboard. */
  headline: z.array(z.string()),
  verdictRule: z.string(),
  verdictWarnings: z.array(z.string()),
});

/** A saved comparison (comparisons-service ComparisonView). */
export const comparisonViewSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  datasetId: z.uuid(),
  name: z.string(),
  runIds: z.array(z.uuid()),
  baselineRunId: z.uuid().nullable(),
  viewState: jsonObject,
  createdBy: z.uuid().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
  canEdit: z.boolean(),
});
