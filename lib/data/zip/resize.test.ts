import { describe, expect, it } from 'vitest';
import { resizeImage } from './resize';

describe('resizeImage', () => {
  it('averages areas when shrinking', () => {
    // 4x4 greyscale: left half 0, right half 200 -> 2x2: [0, 200] per row.
    const src = Uint8Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 0 : 200));
    expect(Array.from(resizeImage(src, 4, 4, 1, 2, 2))).toEqual([0, 200, 0, 200]);
    // Non-integer factor 3 -> 2: the middle pixel is shared half/half.
    expect(Array.from(resizeImage(Uint8Array.from([0, 90, 180]), 1, 3, 1, 1, 2))).toEqual([30, 150]);
  });

  it('interpolates when enlarging and keeps channels apart', () => {
    const out = resizeImage(Uint8Array.from([0, 100, 200, 100]), 1, 2, 2, 1, 4);
    expect(Array.from(out)).toEqual([0, 100, 50, 100, 150, 100, 200, 100]);
  });

  it('returns the same pixels when the size already matches', () => {
    const src = Uint8Array.from([1, 2, 3, 4]);
    expect(resizeImage(src, 2, 2, 1, 2, 2)).toBe(src);
  });
});
