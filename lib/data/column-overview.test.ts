import { describe, expect, it } from 'vitest';
import { describeColumns, splitShown } from './column-overview';

describe('column overview', () => {
  it('counts types, roles and columns with missing values', () => {
    const cols = [
      ...Array.from({ length: 50 }, () => ({ type: 'numeric' as const, role: 'feature' as const, missing: 0 })),
      ...Array.from({ length: 5 }, () => ({ type: 'categorical' as const, role: 'feature' as const, missing: 2 })),
      { type: 'categorical' as const, role: 'ignore' as const, missing: 1 },
      { type: 'categorical' as const, role: 'label' as const, missing: 0 },
    ];
    expect(describeColumns(cols)).toBe('57 columns: 50 numeric, 7 categorical; 1 label, 55 features, 1 ignored; 6 with missing values');
  });

  it('says nothing about missing values it was not given, and handles one column', () => {
    expect(describeColumns([{ type: 'numeric', role: 'subject' }])).toBe('1 column: 1 numeric; 1 subject id');
    expect(describeColumns([{ type: 'numeric', role: 'sensitive', missing: 0 }, { type: 'numeric', role: 'sensitive', missing: 0 }])).toBe('2 columns: 2 numeric; 2 sensitive attributes; none with missing values');
  });

  it('splits the first few from the rest, in order', () => {
    expect(splitShown([1, 2, 3, 4], 3)).toEqual({ shown: [1, 2, 3], rest: [4] });
    expect(splitShown([1], 3)).toEqual({ shown: [1], rest: [] });
  });
});
