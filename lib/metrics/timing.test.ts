import { describe, expect, it } from 'vitest';
import { speedup } from './timing';

describe('speedup', () => {
  it('is time(retrain) / time(method)', () => {
    expect(speedup(120, 30)).toBe(4);
    expect(speedup(10, 20)).toBe(0.5);
  });

  it('rejects non-positive times', () => {
    expect(() => speedup(0, 1)).toThrow(/retrain/);
    expect(() => speedup(1, 0)).toThrow(/method/);
  });
});
