import { describe, expect, it } from 'vitest';
import { SPARKLINE_POINTS, sparklineDetail } from './study-format';

describe('sparklineDetail', () => {
  it('thins 300 step losses to the sparkline points, evenly, keeping the first and the last', () => {
    const losses = Array.from({ length: 300 }, (_, i) => ({ step: i * 10, loss: 1 / (i + 1) }));
    const curve = [{ epoch: 0, phase: 'train', loss: 0.5 }];
    const thin = sparklineDetail({ losses, curve, other: 1 });
    const kept = thin.losses as typeof losses;
    expect(kept).toHaveLength(SPARKLINE_POINTS);
    expect(kept[0]).toEqual(losses[0]);
    expect(kept[kept.length - 1]).toEqual(losses[299]);
    // Steps still increase, so the sparkline keeps its step axis.
    expect(kept.every((p, i) => i === 0 || p.step > kept[i - 1].step)).toBe(true);
    expect(thin.curve).toBe(curve);
    expect(thin.other).toBe(1);
  });

  it('leaves short curves and details without losses as they are', () => {
    const short = { losses: [{ step: 1, loss: 2 }] };
    expect(sparklineDetail(short)).toBe(short);
    const none = { curve: [] };
    expect(sparklineDetail(none)).toBe(none);
  });
});
