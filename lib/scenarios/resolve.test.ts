import { describe, expect, it } from 'vitest';
import { resolveScenario } from './resolve';
import type { ScenarioSpecInput } from './spec';
import { buildImageDataset, buildTabularDataset, catchScenarioError, cloneDataset, trainRowsWhere } from './test-fixtures';

const tabular = buildTabularDataset();
const images = buildImageDataset();
const list = (a: Int32Array) => Array.from(a);

const flipSpec = (seed: number, identifiedFraction = 1): ScenarioSpecInput => ({
  category: 'security',
  seed,
  injection: { kind: 'labelFlip', fromClass: 'low', toClass: 'high', fraction: 0.5 },
  identifiedFraction,
});

const backdoorSpec = (seed: number, identifiedFraction = 1, targetClass = 'zero'): ScenarioSpecInput => ({
  category: 'security',
  seed,
  injection: {
    kind: 'backdoor',
    targetClass,
    trigger: { kind: 'patch', size: 2, row: 3, col: 4, value: 255 },
    poison: { by: 'fraction', fraction: 0.5 },
  },
  identifiedFraction,
});

describe('resolveScenario: selection categories', () => {
  it('splits the training rows into forget and retain, and leaves the test split alone', () => {
    const res = resolveScenario(tabular, { category: 'usability', seed: 1, selector: { kind: 'class', classes: ['mid'] } });
    expect(list(res.forgetRows)).toEqual(trainRowsWhere(tabular, (i) => Math.floor(i / 2) % 3 === 1));
    expect(list(res.retainRows)).toEqual(trainRowsWhere(tabular, (i) => Math.floor(i / 2) % 3 !== 1));
    expect(list(res.testRows)).toEqual(list(tabular.split.test));
    expect(res.dataset).toBe(tabular); // nothing to poison: the same object
    expect(res.poisoned).toBeUndefined();
    expect(res.triggeredTest).toBeUndefined();
    expect(res.requests.map(list)).toEqual([list(res.forgetRows)]);
    expect(res.forgetSetHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic: same spec twice gives the same rows and hash; another seed other rows', () => {
    const spec = (seed: number): ScenarioSpecInput => ({ category: 'privacy', seed, selector: { kind: 'randomFraction', fraction: 0.3 } });
    const a = resolveScenario(tabular, spec(11));
    const b = resolveScenario(tabular, spec(11));
    expect(list(b.forgetRows)).toEqual(list(a.forgetRows));
    expect(b.forgetSetHash).toBe(a.forgetSetHash);
    const c = resolveScenario(tabular, spec(12));
    expect(list(c.forgetRows)).not.toEqual(list(a.forgetRows));
    expect(c.forgetSetHash).not.toBe(a.forgetSetHash);
  });

  it('gives the same hash to two specs that resolve to the same rows', () => {
    const byClass = resolveScenario(tabular, { category: 'usability', seed: 1, selector: { kind: 'class', classes: ['mid'] } });
    const byLabel = resolveScenario(tabular, {
      category: 'fidelity',
      seed: 99,
      selector: { kind: 'predicate', predicate: { op: '=', column: '$label', value: 'mid' } },
    });
    expect(byLabel.forgetSetHash).toBe(byClass.forgetSetHash);
  });

  it('refuses a selector matching no training rows', () => {
    // s01's row 4 is a test row and s01 has training rows 5-7; age 24 is only row 4 (test)
    const error = catchScenarioError(() =>
      resolveScenario(tabular, { category: 'usability', seed: 1, selector: { kind: 'predicate', predicate: { op: '=', column: 'age', value: 24 } } }),
    );
    expect(error.code).toBe('selector_empty');
    expect(error.details.field).toBe('selector');
    expect(error.message).toContain('matches no training rows');
  });

  it('refuses a selector matching the whole training split', () => {
    const error = catchScenarioError(() =>
      resolveScenario(tabular, { category: 'privacy', seed: 1, selector: { kind: 'predicate', predicate: { op: '>=', column: 'age', value: 0 } } }),
    );
    expect(error.code).toBe('selector_all_training');
    expect(error.details.field).toBe('selector');
    expect(error.message).toContain('all 32 training rows');
  });

  it('re-validates the spec, so code-built specs get the same errors', () => {
    const error = catchScenarioError(() =>
      resolveScenario(tabular, { category: 'privacy', seed: 1, selector: { kind: 'randomFraction', fraction: 1.2 } }),
    );
    expect(error.code).toBe('invalid_spec');
    expect(error.details.field).toBe('selector.fraction');
  });
});

describe('resolveScenario: label flipping', () => {
  it('flips a share of class A to B on a copy; the forget set is the poison', () => {
    const before = cloneDataset(tabular);
    const res = resolveScenario(tabular, flipSpec(5));
    const lowTrain = trainRowsWhere(tabular, (i) => Math.floor(i / 2) % 3 === 0);
    expect(res.poisoned?.rows).toHaveLength(Math.round(lowTrain.length / 2));
    expect(list(res.forgetRows)).toEqual(list(res.poisoned?.rows ?? new Int32Array()));
    for (const row of res.forgetRows) {
      expect(lowTrain).toContain(row);
      expect(res.dataset.labels[row]).toBe(2);
    }
    const poisoned = new Set(res.forgetRows);
    for (let row = 0; row < tabular.rowCount; row++) {
      if (!poisoned.has(row)) expect(res.dataset.labels[row]).toBe(tabular.labels[row]);
    }
    expect(res.dataset).not.toBe(tabular);
    expect(tabular).toEqual(before); // input untouched
    expect(res.dataset.columns).toBe(tabular.columns); // unchanged parts shared, not copied
  });

  it('random flips move each chosen row to a different class, deterministically', () => {
    const spec: ScenarioSpecInput = { category: 'security', seed: 8, injection: { kind: 'randomLabelFlip', fraction: 0.5 } };
    const a = resolveScenario(tabular, spec);
    const b = resolveScenario(tabular, spec);
    expect(a.poisoned?.rows).toHaveLength(16);
    for (const row of a.forgetRows) expect(a.dataset.labels[row]).not.toBe(tabular.labels[row]);
    expect(list(b.dataset.labels)).toEqual(list(a.dataset.labels));
    expect(b.forgetSetHash).toBe(a.forgetSetHash);
    const c = resolveScenario(tabular, { ...spec, seed: 9 });
    expect(list(c.dataset.labels)).not.toEqual(list(a.dataset.labels));
  });

  it('poisons only inside the selector when one is given', () => {
    const res = resolveScenario(tabular, {
      category: 'security',
      seed: 2,
      injection: { kind: 'randomLabelFlip', fraction: 0.5 },
      selector: { kind: 'subjects', subjectIds: ['s00', 's02'] },
    });
    for (const row of res.poisoned?.rows ?? []) expect([0, 1, 2, 3, 8, 10, 11]).toContain(row);
  });

  it('hashes the poisoned values: same rows with other labels give another hash', () => {
    const toHigh = resolveScenario(tabular, flipSpec(5));
    const toMid = resolveScenario(tabular, {
      category: 'security',
      seed: 5,
      injection: { kind: 'labelFlip', fromClass: 'low', toClass: 'mid', fraction: 0.5 },
    });
    expect(list(toMid.forgetRows)).toEqual(list(toHigh.forgetRows));
    expect(toMid.forgetSetHash).not.toBe(toHigh.forgetSetHash);
  });

  it('refuses a flip from or to a class that does not exist, and a flip to the same class', () => {
    const from = catchScenarioError(() =>
      resolveScenario(tabular, { category: 'security', seed: 1, injection: { kind: 'labelFlip', fromClass: 'nope', toClass: 'high', fraction: 0.5 } }),
    );
    expect(from.code).toBe('unknown_class');
    expect(from.details.field).toBe('injection.fromClass');
    expect(from.message).toContain('"low", "mid", "high"');
    const to = catchScenarioError(() =>
      resolveScenario(tabular, { category: 'security', seed: 1, injection: { kind: 'labelFlip', fromClass: 'low', toClass: 'nope', fraction: 0.5 } }),
    );
    expect(to.code).toBe('unknown_class');
    expect(to.details.field).toBe('injection.toClass');
    const same = catchScenarioError(() =>
      resolveScenario(tabular, { category: 'security', seed: 1, injection: { kind: 'labelFlip', fromClass: 'low', toClass: 'low', fraction: 0.5 } }),
    );
    expect(same.code).toBe('same_class');
  });
});

describe('resolveScenario: identified fraction', () => {
  it('forgets only the identified share; the rest stays in retain, still poisoned', () => {
    const full = resolveScenario(images, backdoorSpec(4));
    const partial = resolveScenario(images, backdoorSpec(4, 0.25));
    const poisoned = list(partial.poisoned?.rows ?? new Int32Array());
    expect(poisoned).toEqual(list(full.poisoned?.rows ?? new Int32Array())); // same poison either way
    expect(partial.forgetRows).toHaveLength(Math.round(poisoned.length * 0.25));
    expect(list(partial.poisoned?.identifiedRows ?? new Int32Array())).toEqual(list(partial.forgetRows));
    const forget = new Set(partial.forgetRows);
    const retain = new Set(partial.retainRows);
    const unidentified = poisoned.filter((row) => !forget.has(row));
    expect(unidentified.length).toBeGreaterThan(0);
    for (const row of unidentified) {
      expect(retain.has(row)).toBe(true);
      expect(partial.dataset.labels[row]).toBe(0); // still carries the poisoned label
    }
    expect(partial.retainRows.length + partial.forgetRows.length).toBe(images.split.train.length);
    expect(partial.forgetSetHash).not.toBe(full.forgetSetHash);
  });
});

describe('resolveScenario: image backdoor', () => {
  const { height, width, channels } = images.imageShape ?? { height: 0, width: 0, channels: 1 };
  const size = height * width * channels;
  const inPatch = (p: number) => {
    const y = Math.floor(p / (width * channels));
    const x = Math.floor(p / channels) % width;
    return y >= 3 && y < 5 && x >= 4 && x < 6;
  };

  it.each([1, 3] as const)('stamps the patch on poisoned rows only and relabels them (%i channels)', (c) => {
    const ds = buildImageDataset(c);
    const before = cloneDataset(ds);
    const res = resolveScenario(ds, backdoorSpec(4));
    const rowSize = height * width * c;
    const patch = (p: number) => {
      const y = Math.floor(p / (width * c));
      const x = Math.floor(p / c) % width;
      return y >= 3 && y < 5 && x >= 4 && x < 6;
    };
    const poisoned = new Set(res.poisoned?.rows);
    expect(poisoned.size).toBe(Math.round(16 / 2)); // 16 non-target training rows
    const pixels = res.dataset.pixels as Uint8Array;
    const original = ds.pixels as Uint8Array;
    for (let row = 0; row < ds.rowCount; row++) {
      for (let p = 0; p < rowSize; p++) {
        const expected = poisoned.has(row) && patch(p) ? 255 : original[row * rowSize + p];
        if (pixels[row * rowSize + p] !== expected) throw new Error(`row ${row} pixel ${p}: ${pixels[row * rowSize + p]} != ${expected}`);
      }
      expect(res.dataset.labels[row]).toBe(poisoned.has(row) ? 0 : ds.labels[row]);
    }
    for (const row of poisoned) {
      expect(ds.labels[row]).not.toBe(0); // only non-target rows are poisoned
      expect(ds.split.train).toContain(row);
    }
    expect(ds).toEqual(before); // input untouched
  });

  it('keeps a triggered copy of the non-target test rows with their true labels', () => {
    const res = resolveScenario(images, backdoorSpec(4));
    const t = res.triggeredTest;
    if (!t?.pixels) throw new Error('expected a triggered image test set');
    const expectedRows = Array.from(images.split.test).filter((row) => images.labels[row] !== 0);
    expect(list(t.rows)).toEqual(expectedRows);
    expect(list(t.labels)).toEqual(expectedRows.map((row) => images.labels[row]));
    expect(t.targetLabel).toBe(0);
    expect(t.pixels).toHaveLength(expectedRows.length * size);
    const original = images.pixels as Uint8Array;
    expectedRows.forEach((row, i) => {
      for (let p = 0; p < size; p++) {
        expect(t.pixels?.[i * size + p]).toBe(inPatch(p) ? 255 : original[row * size + p]);
      }
    });
    // the test rows themselves stay clean in the training dataset copy
    for (const row of images.split.test) {
      expect((res.dataset.pixels as Uint8Array).subarray(row * size, (row + 1) * size)).toEqual(
        original.subarray(row * size, (row + 1) * size),
      );
    }
  });

  it('is deterministic: same rows, same pixels, same hash; another seed poisons other rows', () => {
    const a = resolveScenario(images, backdoorSpec(4));
    const b = resolveScenario(images, backdoorSpec(4));
    expect(list(b.poisoned?.rows ?? new Int32Array())).toEqual(list(a.poisoned?.rows ?? new Int32Array()));
    expect(b.dataset.pixels).toEqual(a.dataset.pixels);
    expect(b.forgetSetHash).toBe(a.forgetSetHash);
    const c = resolveScenario(images, backdoorSpec(5));
    expect(list(c.poisoned?.rows ?? new Int32Array())).not.toEqual(list(a.poisoned?.rows ?? new Int32Array()));
  });

  it('poisons an exact count when asked', () => {
    const res = resolveScenario(images, {
      category: 'security',
      seed: 1,
      injection: { kind: 'backdoor', targetClass: 'one', trigger: { kind: 'patch', size: 1, row: 0, col: 0, value: 255 }, poison: { by: 'count', count: 3 } },
    });
    expect(res.poisoned?.rows).toHaveLength(3);
    const error = catchScenarioError(() =>
      resolveScenario(images, {
        category: 'security',
        seed: 1,
        injection: { kind: 'backdoor', targetClass: 'one', trigger: { kind: 'patch', size: 1, row: 0, col: 0, value: 255 }, poison: { by: 'count', count: 17 } },
      }),
    );
    expect(error.code).toBe('poison_count_too_large');
    expect(error.details.field).toBe('injection.poison.count');
  });

  it('refuses a trigger larger than the image or outside it', () => {
    const withTrigger = (trigger: { size: number; row: number; col: number }): ScenarioSpecInput => ({
      category: 'security',
      seed: 1,
      injection: { kind: 'backdoor', targetClass: 'zero', trigger: { kind: 'patch', value: 255, ...trigger }, poison: { by: 'fraction', fraction: 0.1 } },
    });
    const tooLarge = catchScenarioError(() => resolveScenario(images, withTrigger({ size: 7, row: 0, col: 0 })));
    expect(tooLarge.code).toBe('trigger_too_large');
    expect(tooLarge.details.field).toBe('injection.trigger.size');
    expect(tooLarge.message).toContain('6x6');
    const pastBottom = catchScenarioError(() => resolveScenario(images, withTrigger({ size: 3, row: 4, col: 0 })));
    expect(pastBottom.code).toBe('trigger_out_of_bounds');
    expect(pastBottom.details.field).toBe('injection.trigger.row');
    expect(pastBottom.message).toContain('at most 3');
    const pastRight = catchScenarioError(() => resolveScenario(images, withTrigger({ size: 2, row: 0, col: 5 })));
    expect(pastRight.details.field).toBe('injection.trigger.col');
  });

  it('refuses a backdoor target class that does not exist', () => {
    const error = catchScenarioError(() => resolveScenario(images, backdoorSpec(1, 1, 'seven')));
    expect(error.code).toBe('unknown_class');
    expect(error.details.field).toBe('injection.targetClass');
    expect(error.message).toContain('"seven"');
  });

  it('refuses a patch trigger on a tabular dataset', () => {
    const error = catchScenarioError(() =>
      resolveScenario(tabular, {
        category: 'security',
        seed: 1,
        injection: { kind: 'backdoor', targetClass: 'low', trigger: { kind: 'patch', size: 1, row: 0, col: 0, value: 1 }, poison: { by: 'fraction', fraction: 0.1 } },
      }),
    );
    expect(error.code).toBe('trigger_kind_mismatch');
    expect(error.details.field).toBe('injection.trigger.kind');
  });
});

describe('resolveScenario: tabular backdoor', () => {
  const spec = (values: { column: string; value: number | string }[]): ScenarioSpecInput => ({
    category: 'security',
    seed: 6,
    injection: { kind: 'backdoor', targetClass: 'high', trigger: { kind: 'features', values }, poison: { by: 'fraction', fraction: 0.25 } },
  });

  it('sets the trigger columns on poisoned rows and the triggered test copy; other cells untouched', () => {
    const before = cloneDataset(tabular);
    const res = resolveScenario(tabular, spec([{ column: 'age', value: 99 }, { column: 'color', value: 'green' }]));
    const poisoned = new Set(res.poisoned?.rows);
    expect(poisoned.size).toBe(Math.round(0.25 * trainRowsWhere(tabular, (i) => Math.floor(i / 2) % 3 !== 2).length));
    const [age, income, color] = res.dataset.columns;
    if (age.type !== 'numeric' || color.type !== 'categorical') throw new Error('fixture changed');
    for (let row = 0; row < tabular.rowCount; row++) {
      const hit = poisoned.has(row);
      expect(age.values[row]).toBe(hit ? 99 : 20 + row);
      expect(color.codes[row]).toBe(hit ? 1 : row % 3);
      expect(res.dataset.labels[row]).toBe(hit ? 2 : tabular.labels[row]);
    }
    expect(income).toBe(tabular.columns[1]); // untouched column shared
    expect(tabular).toEqual(before);

    const t = res.triggeredTest;
    const expectedRows = Array.from(tabular.split.test).filter((row) => tabular.labels[row] !== 2);
    expect(list(t?.rows ?? new Int32Array())).toEqual(expectedRows);
    expect(t?.targetLabel).toBe(2);
    const [tAge, tIncome, tColor] = t?.columns ?? [];
    if (tAge?.type !== 'numeric' || tIncome?.type !== 'numeric' || tColor?.type !== 'categorical') throw new Error('missing columns');
    expect(Array.from(tAge.values)).toEqual(expectedRows.map(() => 99));
    expect(Array.from(tColor.codes)).toEqual(expectedRows.map(() => 1));
    expect(Array.from(tIncome.values)).toEqual(expectedRows.map((row) => Math.fround(1000 * (row % 8) + 0.1)));
  });

  it('refuses a trigger on a column that does not exist, or with a wrong value', () => {
    const missing = catchScenarioError(() => resolveScenario(tabular, spec([{ column: 'age', value: 1 }, { column: 'height', value: 2 }])));
    expect(missing.code).toBe('unknown_column');
    expect(missing.details.field).toBe('injection.trigger.values[1].column');
    expect(missing.message).toContain('"age", "income", "color"');
    // sensitive attributes are not model inputs, so they cannot carry a trigger
    expect(catchScenarioError(() => resolveScenario(tabular, spec([{ column: 'sex', value: 'F' }]))).code).toBe('unknown_column');
    const wrong = catchScenarioError(() => resolveScenario(tabular, spec([{ column: 'color', value: 'purple' }])));
    expect(wrong.code).toBe('invalid_value');
    expect(wrong.details.field).toBe('injection.trigger.values[0].value');
  });

  it('refuses a features trigger on an image dataset', () => {
    const error = catchScenarioError(() =>
      resolveScenario(images, {
        category: 'security',
        seed: 1,
        injection: { kind: 'backdoor', targetClass: 'zero', trigger: { kind: 'features', values: [{ column: 'x', value: 1 }] }, poison: { by: 'fraction', fraction: 0.1 } },
      }),
    );
    expect(error.code).toBe('trigger_kind_mismatch');
  });
});
