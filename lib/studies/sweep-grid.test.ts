import { describe, expect, it } from 'vitest';
import type { StudyMethod } from '@/db/schema';
import { methodCatalogue } from '@/lib/unlearning/registry';
import { gridOf, methodInputsOf, numericSettingsOf, suggestedValues, sweepPointCount, sweepTooLarge } from './sweep-grid';

describe('sweep grid', () => {
  it('lists every combination, the first setting varying slowest', () => {
    expect(gridOf({ learningRate: [0.1, 0.2], epochs: [1, 2, 3] })).toEqual([
      { learningRate: 0.1, epochs: 1 },
      { learningRate: 0.1, epochs: 2 },
      { learningRate: 0.1, epochs: 3 },
      { learningRate: 0.2, epochs: 1 },
      { learningRate: 0.2, epochs: 2 },
      { learningRate: 0.2, epochs: 3 },
    ]);
    expect(sweepPointCount({ a: [1, 2, 3], b: [1, 2, 3] })).toBe(9);
    expect(sweepTooLarge({ a: [1, 2, 3], b: [1, 2, 3] })).toMatch(/9 grid points.*at most 8/);
    expect(sweepTooLarge({ a: [1, 2, 3, 4], b: [1, 2] })).toBeNull();
  });

  it('offers the numeric settings of a method only', () => {
    const finetune = methodCatalogue().find((m) => m.id === 'finetune');
    expect(numericSettingsOf(finetune?.configJsonSchema ?? {}).sort()).toEqual(['batchSize', 'epochs', 'learningRate', 'retainFraction']);
    const sisa = methodCatalogue().find((m) => m.id === 'sisa');
    expect(numericSettingsOf(sisa?.configJsonSchema ?? {})).not.toContain('aggregation');
  });

  it('suggests half, the value and double within the schema bounds (whole numbers for integers)', () => {
    expect(suggestedValues(0.01, { type: 'number', exclusiveMinimum: 0, maximum: 1 })).toEqual([0.005, 0.01, 0.02]);
    expect(suggestedValues(0.8, { type: 'number', maximum: 1 })).toEqual([0.4, 0.8]);
    expect(suggestedValues(3, { type: 'integer', minimum: 1 })).toEqual([2, 3, 6]);
    expect(suggestedValues(1, { type: 'integer', minimum: 1 })).toEqual([1, 2]);
  });

  it('folds a study’s grid points back into the entries that planned them (reproduce)', () => {
    const plain: StudyMethod = { methodId: 'scrub', config: { alpha: 1 } };
    const sweep = { learningRate: [0.1, 0.2], epochs: [1, 3] };
    const stored: StudyMethod[] = [
      plain,
      ...gridOf(sweep).map((setting, point) => ({ methodId: 'finetune', config: { epochs: 2, ...setting }, sweep: { group: 1, point, setting } })),
    ];
    expect(methodInputsOf(stored)).toEqual([plain, { methodId: 'finetune', config: { epochs: 1, learningRate: 0.1 }, sweep: { learningRate: [0.1, 0.2], epochs: [1, 3] } }]);
  });
});
