import { describe, expect, it } from 'vitest';
import { MAX_SELECTOR_DEPTH, parseScenarioSpec, scenarioSpecSchema } from './spec';
import { catchScenarioError } from './test-fixtures';

describe('scenarioSpecSchema', () => {
  it('fills defaults: no sequential requests, every poisoned row identified', () => {
    const spec = parseScenarioSpec({
      category: 'security',
      seed: 1,
      injection: { kind: 'randomLabelFlip', fraction: 0.1 },
    });
    expect(spec.requests).toEqual({ kind: 'none' });
    expect(spec.category === 'security' && spec.identifiedFraction).toBe(1);
  });

  it('accepts nested selectors and predicates', () => {
    const result = scenarioSpecSchema.safeParse({
      category: 'fidelity',
      seed: 3,
      selector: {
        kind: 'all',
        selectors: [
          { kind: 'predicate', predicate: { op: 'and', predicates: [{ op: '=', column: 'sex', value: 'F' }, { op: 'not', predicate: { op: 'in', column: 'age', values: [1, 2] } }] } },
          { kind: 'not', selector: { kind: 'class', classes: ['low'] } },
        ],
      },
    });
    expect(result.success).toBe(true);
  });

  it.each([0, 1, -0.2, 1.5])('refuses a random fraction of %s, naming the field', (fraction) => {
    const error = catchScenarioError(() =>
      parseScenarioSpec({ category: 'privacy', seed: 1, selector: { kind: 'randomFraction', fraction } }),
    );
    expect(error.code).toBe('invalid_spec');
    expect(error.details.field).toBe('selector.fraction');
    expect(error.message).toContain('strictly between 0 and 1');
  });

  it('refuses a label-flip and a poison fraction outside (0, 1)', () => {
    const flip = catchScenarioError(() =>
      parseScenarioSpec({ category: 'security', seed: 1, injection: { kind: 'labelFlip', fromClass: 'a', toClass: 'b', fraction: 1 } }),
    );
    expect(flip.details.field).toBe('injection.fraction');
    const backdoor = catchScenarioError(() =>
      parseScenarioSpec({
        category: 'security',
        seed: 1,
        injection: { kind: 'backdoor', targetClass: 'a', trigger: { kind: 'patch', size: 1, row: 0, col: 0, value: 255 }, poison: { by: 'fraction', fraction: 0 } },
      }),
    );
    expect(backdoor.details.field).toBe('injection.poison.fraction');
  });

  it('refuses an identified fraction of 0 but allows 1', () => {
    const base = { category: 'security', seed: 1, injection: { kind: 'randomLabelFlip', fraction: 0.1 } };
    expect(catchScenarioError(() => parseScenarioSpec({ ...base, identifiedFraction: 0 })).details.field).toBe('identifiedFraction');
    expect(() => parseScenarioSpec({ ...base, identifiedFraction: 1 })).not.toThrow();
  });

  it('refuses an empty row-id list, naming the field', () => {
    const error = catchScenarioError(() =>
      parseScenarioSpec({ category: 'usability', seed: 1, selector: { kind: 'any', selectors: [{ kind: 'rowIds', rowIds: [] }] } }),
    );
    expect(error.details.field).toBe('selector.selectors[0].rowIds');
    expect(error.message).toContain('at least one row id');
  });

  it('refuses growing fractions that do not grow', () => {
    const error = catchScenarioError(() =>
      parseScenarioSpec({ category: 'privacy', seed: 1, selector: { kind: 'class', classes: ['a'] }, requests: { kind: 'growing', fractions: [0.1, 0.05] } }),
    );
    expect(error.details.field).toBe('requests.fractions');
    expect(error.message).toContain('strictly increasing');
  });

  it('refuses unknown keys, a non-integer seed, a missing selector and an unknown category', () => {
    expect(catchScenarioError(() => parseScenarioSpec({ category: 'privacy', seed: 1, selector: { kind: 'class', classes: ['a'], extra: 1 } })).details.field).toBe('selector');
    expect(catchScenarioError(() => parseScenarioSpec({ category: 'privacy', seed: 1.5, selector: { kind: 'class', classes: ['a'] } })).details.field).toBe('seed');
    expect(catchScenarioError(() => parseScenarioSpec({ category: 'usability', seed: 1 })).details.field).toBe('selector');
    const unknown = catchScenarioError(() => parseScenarioSpec({ category: 'fun', seed: 1 }));
    expect(unknown.details.field).toBe('category');
    expect(unknown.message).toContain('security, privacy, usability, fidelity');
  });

  it('lists every problem in details.issues', () => {
    const error = catchScenarioError(() =>
      parseScenarioSpec({ category: 'security', seed: -1, injection: { kind: 'randomLabelFlip', fraction: 2 } }),
    );
    const fields = (error.details.issues as { field: string }[]).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['seed', 'injection.fraction']));
  });
});

describe('selector and predicate depth', () => {
  function notChain(depth: number): unknown {
    let selector: unknown = { kind: 'class', classes: ['a'] };
    for (let i = 1; i < depth; i++) selector = { kind: 'not', selector };
    return selector;
  }

  function predicateChain(depth: number): unknown {
    let predicate: unknown = { op: '=', column: 'x', value: 1 };
    for (let i = 1; i < depth; i++) predicate = { op: 'and', predicates: [predicate] };
    return predicate;
  }

  it('refuses a 20,000-deep selector with a ScenarioError naming the limit, not a stack overflow', () => {
    const error = catchScenarioError(() => parseScenarioSpec({ category: 'privacy', seed: 1, selector: notChain(20_000) }));
    expect(error.code).toBe('spec_too_deep');
    expect(error.details).toMatchObject({ limit: MAX_SELECTOR_DEPTH });
    expect(error.details.field).toBe(['selector', ...Array(MAX_SELECTOR_DEPTH).fill('selector')].join('.'));
    expect(error.message).toContain(`more than ${MAX_SELECTOR_DEPTH} levels deep`);
  });

  it('counts predicates inside selectors, and arrays of selectors', () => {
    const deepPredicate = { category: 'privacy', seed: 1, selector: { kind: 'predicate', predicate: predicateChain(20_000) } };
    expect(catchScenarioError(() => parseScenarioSpec(deepPredicate)).code).toBe('spec_too_deep');
    let wide: unknown = { kind: 'class', classes: ['a'] };
    for (let i = 1; i < 40; i++) wide = { kind: 'any', selectors: [{ kind: 'class', classes: ['b'] }, wide] };
    expect(catchScenarioError(() => parseScenarioSpec({ category: 'privacy', seed: 1, selector: wide })).code).toBe('spec_too_deep');
  });

  it('accepts nesting up to the limit', () => {
    const spec = parseScenarioSpec({ category: 'privacy', seed: 1, selector: notChain(MAX_SELECTOR_DEPTH) });
    expect(spec.category).toBe('privacy');
    expect(catchScenarioError(() => parseScenarioSpec({ category: 'privacy', seed: 1, selector: notChain(MAX_SELECTOR_DEPTH + 1) })).code).toBe('spec_too_deep');
  });
});
