/**
 * The training recipe stored with a study: optimizer, learning-rate schedule, epochs,
 * batch size, seed. Validated with zod like model specs.
 */
import { z } from 'zod';

/**
 * Sane ranges: every number a study may carry is bounded, so a typo or a hostile value (a
 * learning rate of 1e308) is refused at the edge with the field and the range, not trained on.
 */
const learningRateSchema = z
  .number()
  .positive('learningRate must be greater than 0.')
  .max(10, 'learningRate must be at most 10.');

export const optimizerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sgd'), learningRate: learningRateSchema }),
  z.object({
    kind: z.literal('momentum'),
    learningRate: learningRateSchema,
    momentum: z.number().min(0).max(0.999).default(0.9),
    nesterov: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('adam'),
    learningRate: learningRateSchema,
    beta1: z.number().min(0).max(0.9999).default(0.9),
    beta2: z.number().min(0).max(0.99999).default(0.999),
    epsilon: z.number().positive().max(1).default(1e-8),
  }),
]);

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  /** Multiply the rate by gamma every `everyEpochs` epochs. */
  z.object({ kind: z.literal('step'), everyEpochs: z.number().int().min(1).max(1000), gamma: z.number().positive().max(1) }),
  /** Cosine decay over all steps of the run down to minLearningRate. */
  z.object({ kind: z.literal('cosine'), minLearningRate: z.number().min(0).max(10).default(0) }),
]);

export const trainingRecipeSchema = z.object({
  epochs: z.number().int().min(1).max(1000),
  batchSize: z.number().int().min(1).max(65536),
  optimizer: optimizerSchema,
  /** L2 penalty added to each gradient (PyTorch's weight_decay). */
  weightDecay: z.number().min(0).max(1).default(0),
  schedule: scheduleSchema.default({ kind: 'constant' }),
  /** Seeds initialisation, shuffling, dropout and random relabelling. */
  seed: z.number().int(),
});

export type OptimizerConfig = z.infer<typeof optimizerSchema>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type TrainingRecipe = z.infer<typeof trainingRecipeSchema>;
export type TrainingRecipeInput = z.input<typeof trainingRecipeSchema>;

export function parseTrainingRecipe(input: unknown): TrainingRecipe {
  return trainingRecipeSchema.parse(input);
}
