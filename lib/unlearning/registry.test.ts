import { describe, expect, it } from 'vitest';
import { InvalidMethodConfigError, parseMethodConfig } from './contract';
import { defaultConfigFor, getMethod, methodCatalogue, METHODS } from './registry';

describe('method registry', () => {
  it('lists every method once with a description, a citation and a JSON catalogue entry', () => {
    const ids = METHODS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['retrain', 'sisa', 'finetune', 'neggrad', 'neggrad-plus', 'random-labels', 'scrub', 'salun', 'ssd', 'amnesiac', 'fisher', 'certified-removal']));
    const catalogue = methodCatalogue();
    // survives JSON unchanged: the UI reads it as is
    expect(JSON.parse(JSON.stringify(catalogue))).toEqual(catalogue);
    for (const entry of catalogue) {
      expect(entry.description.length).toBeGreaterThan(20);
      expect(entry.citation.year).toBeGreaterThan(2000);
      expect(entry.configJsonSchema.type).toBe('object');
    }
    expect(catalogue.find((e) => e.id === 'neggrad-plus')?.defaults).toMatchObject({ alpha: 0.95 });
    expect(catalogue.find((e) => e.id === 'ssd')?.defaults).toMatchObject({ alpha: 10, lambda: 1 });
    expect(catalogue.find((e) => e.id === 'scrub')?.defaults).toMatchObject({ alpha: 0.5, gamma: 1, temperature: 2 });
  });

  it('refuses an out-of-range hyperparameter with a message naming the field', () => {
    expect(() => parseMethodConfig(getMethod('neggrad-plus'), { alpha: 2 })).toThrow(InvalidMethodConfigError);
    expect(() => parseMethodConfig(getMethod('neggrad-plus'), { alpha: 2 })).toThrow(/alpha/);
    expect(() => parseMethodConfig(getMethod('salun'), { sparsity: 0 })).toThrow(/sparsity/);
    expect(() => parseMethodConfig(getMethod('scrub'), { epochs: 2, maxEpochs: 3 })).toThrow(/maxEpochs/);
    expect(() => getMethod('nope')).toThrow(/unknown unlearning method 'nope'/);
    expect(parseMethodConfig(getMethod('finetune'), undefined)).toMatchObject({ epochs: 2, retainFraction: 0.1 });
  });

  it('gives per-kind defaults for a request, and says which kind they were chosen for', () => {
    const small = { trainRows: 1437, forgetRows: 146 };
    expect(defaultConfigFor('finetune', { scenarioKind: 'class', ...small })).toMatchObject({ retainFraction: 1, epochs: 5, batchSize: 8, learningRate: 1e-2 });
    // larger data: not the small-data batch and rate
    expect(defaultConfigFor('finetune', { scenarioKind: 'class', trainRows: 60000, forgetRows: 6000 })).toMatchObject({ retainFraction: 0.5, epochs: 2, batchSize: 64, learningRate: 1e-3 });
    expect(defaultConfigFor('random-labels', { scenarioKind: 'random', ...small })).toMatchObject({ epochs: 1, minSteps: 10, learningRate: 1e-4 });
    // size matters: SCRUB's long class ascent is for small data only
    expect(defaultConfigFor('scrub', { scenarioKind: 'class', trainRows: 10000, forgetRows: 1000 })).toMatchObject({ minForgetSteps: 5, learningRate: 5e-4, alpha: 0.001, gamma: 0.99 });
    // the schema's defaults where the method file states none for the kind
    expect(defaultConfigFor('finetune', { scenarioKind: 'random', ...small })).toEqual(parseMethodConfig(getMethod('finetune'), {}));
    expect(defaultConfigFor('neggrad', { scenarioKind: 'subjects', ...small })).toMatchObject({ learningRate: 3e-5, minSteps: 10 });
    expect(defaultConfigFor('ssd', { scenarioKind: 'subgroup', trainRows: 10000, forgetRows: 1500 })).toMatchObject({ alpha: 5, lambda: 1 });
    const catalogue = methodCatalogue({ scenarioKind: 'class', ...small });
    expect(catalogue.find((e) => e.id === 'scrub')).toMatchObject({ defaults: { minForgetSteps: 50, learningRate: 1e-3 }, defaultsChosenFor: 'class' });
    expect(catalogue.find((e) => e.id === 'ssd')).toMatchObject({ defaults: { alpha: 3, lambda: 3 }, defaultsChosenFor: 'class' });
    // a method whose file states no per-kind defaults
    expect(catalogue.find((e) => e.id === 'sisa')?.defaultsChosenFor).toBeNull();
    expect(methodCatalogue().every((e) => e.defaultsChosenFor === null)).toBe(true);
  });

  it('keeps the total ascent of NegGrad+ and NegGrad on a class as the forget set grows (learning rate × steps of a pass)', () => {
    const rate = (forgetRows: number) => defaultConfigFor('neggrad-plus', { scenarioKind: 'class', trainRows: 60000, forgetRows }).learningRate as number;
    expect(rate(1000)).toBe(1e-3); // 16 steps of 64: the measured setting
    expect(rate(6000)).toBeCloseTo(0.016 / 94, 12); // Fashion-MNIST's class 0: 94 steps
    expect(rate(6000) * Math.ceil(6000 / 64)).toBeCloseTo(rate(1000) * Math.ceil(1000 / 64), 12);
    expect(defaultConfigFor('neggrad-plus', { scenarioKind: 'class', trainRows: 1437, forgetRows: 146 })).toMatchObject({ minSteps: 60, learningRate: 1e-3 });
    // NegGrad: 2 passes of 16 steps at 7e-5 on the sample; one pass of 94 on the whole class
    const negGradRate = (forgetRows: number) => defaultConfigFor('neggrad', { scenarioKind: 'class', trainRows: 60000, forgetRows }).learningRate as number;
    expect(negGradRate(1000)).toBe(7e-5);
    expect(negGradRate(6000)).toBeCloseTo((7e-5 * 32) / 94, 12);
  });
});
