import { describe, expect, it } from 'vitest';
import { runGroupKey, runLabel, SPARKLINE_POINTS, sparklineDetail } from './study-format';

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

describe('runLabel and runGroupKey', () => {
  const names = { finetune: 'Fine-tune' };
  it('marks uploaded originals and retrains "(external)" and keeps the method id’s own marker', () => {
    expect(runLabel({ kind: 'original', variant: 'external', methodId: null }, names)).toBe('Original (external)');
    expect(runLabel({ kind: 'retrain', variant: 'external', methodId: null }, names)).toBe('Retrain (external)');
    expect(runLabel({ kind: 'unlearned', variant: 'external', methodId: 'Ours (external)' }, names)).toBe('Ours (external)');
    expect(runLabel({ kind: 'retrain', variant: 'standard', methodId: null }, names)).toBe('Retrain');
    expect(runLabel({ kind: 'unlearned', variant: 'standard', methodId: 'finetune' }, names)).toBe('Fine-tune');
  });

  it('keeps Lethe’s retrains and uploaded retrains in separate groups of the runs table', () => {
    const lethe = runGroupKey({ kind: 'retrain', variant: 'standard', methodId: null, methodConfig: null });
    const uploaded = runGroupKey({ kind: 'retrain', variant: 'external', methodId: null, methodConfig: null });
    expect(lethe).not.toBe(uploaded);
    // Originals first, then retrains (Lethe's before uploaded), then methods.
    expect([uploaded, runGroupKey({ kind: 'unlearned', variant: 'standard', methodId: 'finetune', methodConfig: {} }), lethe, runGroupKey({ kind: 'original', variant: 'standard', methodId: null, methodConfig: null })].sort()).toEqual([
      '0:original:standard',
      lethe,
      uploaded,
      '2:finetune:{}',
    ]);
  });
});
