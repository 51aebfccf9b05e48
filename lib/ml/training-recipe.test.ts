import { describe, expect, it } from 'vitest';
import { trainingRecipeSchema } from './training-recipe';

const recipe = { epochs: 5, batchSize: 32, optimizer: { kind: 'adam', learningRate: 1e-3 }, seed: 0 };

describe('numeric settings have sane ranges', () => {
  it('refuses a learning rate of 1e308, naming the field and the limit', () => {
    const parsed = trainingRecipeSchema.safeParse({ ...recipe, optimizer: { kind: 'sgd', learningRate: 1e308 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['optimizer', 'learningRate']);
    expect(parsed.error?.issues[0].message).toBe('learningRate must be at most 10.');
    expect(trainingRecipeSchema.safeParse(recipe).success).toBe(true);
  });

  it('bounds every numeric field of the recipe', () => {
    for (const patch of [{ weightDecay: 1e308 }, { schedule: { kind: 'cosine', minLearningRate: 1e308 } }, { schedule: { kind: 'step', everyEpochs: 1e9, gamma: 0.5 } }]) {
      expect(trainingRecipeSchema.safeParse({ ...recipe, ...patch }).success).toBe(false);
    }
    expect(trainingRecipeSchema.safeParse({ ...recipe, optimizer: { kind: 'adam', learningRate: 1e-3, epsilon: 1e308 } }).success).toBe(false);
  });
});
