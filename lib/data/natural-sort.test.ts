import { describe, expect, it } from 'vitest';
import { naturalSort } from './natural-sort';

describe('naturalSort', () => {
  it('orders digit runs by value', () => {
    expect(naturalSort(['10', '9', '1', '0', '2'])).toEqual(['0', '1', '2', '9', '10']);
    expect(naturalSort(['class_10', 'class_2', 'class_1'])).toEqual(['class_1', 'class_2', 'class_10']);
    expect(naturalSort(['b', 'a10', 'a9', 'B'])).toEqual(['B', 'a9', 'a10', 'b']);
    expect(naturalSort(['1', '01', '001'])).toEqual(['001', '01', '1']);
  });
});
