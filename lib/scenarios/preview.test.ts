import { describe, expect, it } from 'vitest';
import { PREVIEW_POISON_SAMPLES, previewScenario } from './preview';
import { resolveScenario } from './resolve';
import { buildImageDataset, buildTabularDataset, catchScenarioError } from './test-fixtures';

const tabular = buildTabularDataset();
const images = buildImageDataset();

describe('previewScenario', () => {
  it('reports size, share, class and group composition of forget vs retain', () => {
    // s00 (rows 0-3, labels low low mid mid, sex F M F M, north)
    const p = previewScenario(tabular, { category: 'privacy', seed: 1, selector: { kind: 'subjects', subjectIds: ['s00'] } });
    expect(p).toMatchObject({ trainCount: 32, testCount: 8, forgetCount: 4, retainCount: 28, forgetShare: 4 / 32 });
    expect(p.classes[0]).toMatchObject({ value: 'low', forget: 2, forgetShare: 0.5 });
    expect(p.classes.reduce((n, c) => n + c.retain, 0)).toBe(28);
    const sex = p.groups.find((g) => g.attribute === 'sex');
    expect(sex?.values).toEqual([
      expect.objectContaining({ value: 'F', forget: 2, forgetShare: 0.5, retain: 14, retainShare: 0.5 }),
      expect.objectContaining({ value: 'M', forget: 2, forgetShare: 0.5, retain: 14, retainShare: 0.5 }),
    ]);
    const region = p.groups.find((g) => g.attribute === 'region');
    expect(region?.values[0]).toMatchObject({ value: 'north', forget: 4, forgetShare: 1, retain: 12 });
    expect(p.subjects).toEqual({ count: 1, fullyForgotten: 1, ids: ['s00'] });
    expect(p.requestSizes).toEqual([4]);
    expect(p.poison).toBeUndefined();
  });

  it('counts subjects only partly forgotten', () => {
    const p = previewScenario(tabular, { category: 'usability', seed: 1, selector: { kind: 'rowIds', rowIds: [0, 1, 5] } });
    expect(p.subjects).toEqual({ count: 2, fullyForgotten: 0, ids: ['s00', 's01'] });
  });

  it('shows up to 12 poisoned tabular rows with original vs poisoned cells and labels', () => {
    const spec = {
      category: 'security' as const,
      seed: 3,
      injection: {
        kind: 'backdoor' as const,
        targetClass: 'high',
        trigger: { kind: 'features' as const, values: [{ column: 'age', value: 99 }, { column: 'color', value: 'blue' }] },
        poison: { by: 'fraction' as const, fraction: 0.9 },
      },
      identifiedFraction: 0.5,
    };
    const p = previewScenario(tabular, spec);
    const res = resolveScenario(tabular, spec);
    // 23 training rows are not 'high': round(0.9 x 23) = 21 poisoned, round(0.5 x 21) = 11 identified
    expect(p.poison).toMatchObject({ kind: 'backdoor', poisonedCount: 21, identifiedCount: 11, unidentifiedCount: 10, triggeredTestCount: 5 });
    expect(p.poison?.sample).toHaveLength(PREVIEW_POISON_SAMPLES);
    for (const s of p.poison?.sample ?? []) {
      expect(res.poisoned?.rows).toContain(s.row);
      expect(s.identified).toBe(res.forgetRows.includes(s.row));
      expect(s.poisonedLabel).toBe('high');
      expect(s.originalLabel).toBe(tabular.classNames[tabular.labels[s.row]]);
      const age = s.cells.find((c) => c.column === 'age');
      expect(age).toEqual({ column: 'age', original: 20 + s.row, poisoned: 99 });
      // a cell already equal to the trigger is not a change
      expect(s.cells.some((c) => c.column === 'color')).toBe(s.row % 3 !== 2);
      expect(s.cells.some((c) => c.column === 'income')).toBe(false);
    }
    expect(p.poison?.sample.some((s) => s.identified)).toBe(true);
    expect(p.poison?.sample.some((s) => !s.identified)).toBe(true);
  });

  it('shows poisoned images with the trigger visible, and label flips as labels', () => {
    const p = previewScenario(images, {
      category: 'security',
      seed: 2,
      injection: { kind: 'backdoor', targetClass: 'two', trigger: { kind: 'patch', size: 2, row: 0, col: 0, value: 255 }, poison: { by: 'count', count: 5 } },
    });
    expect(p.poison?.sample).toHaveLength(5);
    expect(p.poison?.imageShape).toEqual({ height: 6, width: 6, channels: 1 });
    for (const s of p.poison?.sample ?? []) {
      expect(s.poisonedLabel).toBe('two');
      expect(s.originalLabel).not.toBe('two');
      expect([0, 1, 6, 7].map((i) => s.pixels?.[i])).toEqual([255, 255, 255, 255]);
      expect(s.cells).toEqual([]);
    }
    const flip = previewScenario(images, { category: 'security', seed: 2, injection: { kind: 'labelFlip', fromClass: 'one', toClass: 'zero', fraction: 0.5 } });
    expect(flip.poison?.sample.every((s) => s.originalLabel === 'one' && s.poisonedLabel === 'zero')).toBe(true);
  });

  it('refuses the same bad input as resolution', () => {
    const error = catchScenarioError(() => previewScenario(tabular, { category: 'privacy', seed: 1, selector: { kind: 'subjects', subjectIds: ['zed'] } }));
    expect(error.code).toBe('unknown_subject');
  });
});
