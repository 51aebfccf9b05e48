/** What a researcher sends to launch a study (the API body and the form share it). */
import { z } from 'zod';
import { modelSpecSchema } from '@/lib/ml/model-spec';
import { trainingRecipeSchema } from '@/lib/ml/training-recipe';

export const MAX_SEEDS = 32;

export const studyInputSchema = z.object({
  name: z.string().trim().min(1, 'Name the study.').max(120, 'A study name has at most 120 characters.'),
  description: z.string().max(5000).default(''),
  scenarioId: z.string().uuid('scenarioId must be a scenario id.'),
  modelSpec: modelSpecSchema.optional(),
  recipe: trainingRecipeSchema.omit({ seed: true }).optional(),
  seeds: z.number().int('seeds must be a whole number.').min(1, 'Use at least 1 seed.').max(MAX_SEEDS, `Use at most ${MAX_SEEDS} seeds.`).default(1),
  firstSeed: z.number().int().min(0).max(1_000_000).default(0),
  methods: z
    .array(z.object({ methodId: z.string().min(1), config: z.record(z.string(), z.unknown()).default({}) }))
    .max(24, 'Compare at most 24 method configurations in one study.')
    .default([]),
});

export type StudyInput = z.input<typeof studyInputSchema>;
