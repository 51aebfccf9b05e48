import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '@/lib/data/types';
import { changeColumn, changeColumns, columnOverrides, matchingColumns, numericToFeatures, rangeBetween, roleCounts } from './column-rules';

/** The shape of digits.csv: 64 numeric pixel columns and a label. */
const digits = (): ColumnSchema[] => [
  ...Array.from({ length: 64 }, (_, i): ColumnSchema => ({ name: `pixel_${i}`, type: 'numeric', role: 'feature', missing: 'median' })),
  { name: 'label', type: 'categorical', role: 'label', missing: 'error' },
];

describe('column rules', () => {
  it('a new label demotes the old one, and the label becomes categorical', () => {
    const next = changeColumn(digits(), 3, { role: 'label' });
    expect(next.filter((c) => c.role === 'label').map((c) => c.name)).toEqual(['pixel_3']);
    expect(next[3]).toMatchObject({ type: 'categorical', missing: 'error' });
    expect(next[64]).toMatchObject({ role: 'feature', missing: 'mode' });
  });

  it('bulk changes apply the single-column rules to each selected column', () => {
    const next = changeColumns(digits(), [0, 1, 2], { role: 'ignore' });
    expect(next.slice(0, 4).map((c) => c.role)).toEqual(['ignore', 'ignore', 'ignore', 'feature']);
    expect(next[0].missing).toBe('mode');
    expect(roleCounts(next)).toBe('61 features, 1 label, 3 ignored');
    expect(columnOverrides(digits(), next)).toEqual([0, 1, 2].map((i) => ({ name: `pixel_${i}`, role: 'ignore', missing: 'mode' })));
  });

  it('all numeric columns become features, never the label or the subject', () => {
    const cols = changeColumns(digits(), [5, 6], { role: 'ignore' });
    cols.push({ name: 'patient', type: 'numeric', role: 'subject', missing: 'error' });
    const next = numericToFeatures(cols);
    expect(next.filter((c) => c.role === 'feature')).toHaveLength(64);
    expect(next.find((c) => c.name === 'patient')?.role).toBe('subject');
    expect(next.find((c) => c.name === 'label')?.role).toBe('label');
  });

  it('finds columns by name and selects shift-click ranges among the shown ones', () => {
    const cols = digits();
    expect(matchingColumns(cols, 'PIXEL_1').slice(0, 3)).toEqual([1, 10, 11]);
    expect(matchingColumns(cols, '  ')).toHaveLength(65);
    const shown = matchingColumns(cols, 'pixel_1');
    expect(rangeBetween(shown, 12, 10)).toEqual([10, 11, 12]);
    expect(rangeBetween(shown, 3, 10)).toEqual([10]);
  });
});
