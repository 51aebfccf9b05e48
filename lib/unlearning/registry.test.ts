import { describe, expect, it } from 'vitest';
import { InvalidMethodConfigError, parseMethodConfig } from './contract';
import { getMethod, methodCatalogue, METHODS } from './registry';

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
});
