import { describe, expect, it } from 'vitest';
import { relearnTime } from './relearn-time';

describe('relearnTime', () => {
  const curve = [
    { step: 0, loss: 2.5 },
    { step: 10, loss: 1.2 },
    { step: 20, loss: 0.4 },
    { step: 30, loss: 0.3 },
  ];

  it('returns the first step at or below the original forget loss', () => {
    expect(relearnTime(curve, 0.4)).toEqual({ steps: 20, targetLoss: 0.4, lastRecordedStep: 30 });
    expect(relearnTime(curve, 3).steps).toBe(0);
  });

  it('returns null when the curve never gets there', () => {
    expect(relearnTime(curve, 0.1)).toEqual({ steps: null, targetLoss: 0.1, lastRecordedStep: 30 });
    expect(relearnTime([], 0.1).lastRecordedStep).toBeNull();
  });

  it('rejects steps that do not increase', () => {
    expect(() => relearnTime([{ step: 1, loss: 3 }, { step: 1, loss: 2 }], 0.1)).toThrow(/increase/);
  });
});
