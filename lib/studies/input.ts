/** What a researcher sends to launch a study (the API body and the form share it). */
import { z } from 'zod';
import { modelSpecSchema } from '@/lib/ml/model-spec';
import { trainingRecipeSchema } from '@/lib/ml/training-recipe';

export const MAX_SEEDS = 32;
export const VALIDATION_FRACTION = { default: 0.1, min: 0.05, max: 0.3 } as const;
/** Grid points of one method's sweep, and method configurations of a study once sweeps are expanded. */
export const MAX_SWEEP_POINTS = 8;
export const MAX_METHOD_CONFIGURATIONS = 48;

/**
 * A small grid over 1 or 2 numeric settings of the method (2-4 values each); every point becomes
 * its own method configuration and the study keeps the one the sweep chooses (lib/results/sweep).
 */
export const sweepSchema = z
  .record(z.string(), z.array(z.number('a swept value must be a number.')).min(2, 'Sweep at least 2 values.').max(4, 'Sweep at most 4 values of a setting.'))
  .refine((s) => Object.keys(s).length >= 1 && Object.keys(s).length <= 2, 'Sweep 1 or 2 settings of a method.');

export type SweepInput = z.infer<typeof sweepSchema>;

export const studyInputSchema = z.object({
  name: z.string().trim().min(1, 'Name the study.').max(120, 'A study name has at most 120 characters.'),
  description: z.string().max(5000).default(''),
  scenarioId: z.string().uuid('scenarioId must be a scenario id.'),
  modelSpec: modelSpecSchema.optional(),
  recipe: trainingRecipeSchema.omit({ seed: true }).optional(),
  seeds: z.number().int('seeds must be a whole number.').min(1, 'Use at least 1 seed.').max(MAX_SEEDS, `Use at most ${MAX_SEEDS} seeds.`).default(1),
  firstSeed: z.number().int().min(0).max(1_000_000).default(0),
  methods: z
    .array(z.object({ methodId: z.string().min(1), config: z.record(z.string(), z.unknown()).default({}), sweep: sweepSchema.optional() }))
    .max(24, 'Compare at most 24 method configurations in one study.')
    .default([]),
  /** Share of the training rows outside every forget set that a sweeping study sets aside to choose by. */
  validationFraction: z
    .number()
    .min(VALIDATION_FRACTION.min, `validationFraction is at least ${VALIDATION_FRACTION.min}.`)
    .max(VALIDATION_FRACTION.max, `validationFraction is at most ${VALIDATION_FRACTION.max}.`)
    .default(VALIDATION_FRACTION.default),
});

export type StudyInput = z.input<typeof studyInputSchema>;
