import { describe, expect, it } from 'vitest';
import { pickerGroups, type PickerRun } from './run-picker-groups';

let n = 0;
function run(over: Partial<PickerRun>): PickerRun {
  n++;
  return { id: `run-${n}`, studyId: 's1', studyName: 'A', studyCreatedAt: '2026-12-01T10:00:00Z', scenarioName: 'Forget 7', category: 'privacy', kind: 'unlearned', variant: 'standard', methodId: 'finetune', methodConfig: { lr: 0.01, epochs: 3 }, seed: 0, requestIndex: 0, status: 'succeeded', ...over };
}
const names = { finetune: 'Fine-tune (FT)', scrub: 'SCRUB' };

describe('run picker entries', () => {
  it('one entry per method configuration, every seed in it; failed runs left out', () => {
    const [a] = pickerGroups([run({ seed: 0 }), run({ seed: 1 }), run({ seed: 2, status: 'failed' }), run({ kind: 'retrain', methodId: null, methodConfig: null })], names);
    expect(a.groups.map((g) => [g.label, g.seeds])).toEqual([
      ['Fine-tune (FT)', [0, 1]],
      ['Retrain', [0]],
    ]);
  });

  it('labels configurations of one method apart by what differs, and merges configs that differ only in key order', () => {
    const [a] = pickerGroups([run({ methodConfig: { lr: 0.01, epochs: 3 } }), run({ methodConfig: { epochs: 3, lr: 0.01 }, seed: 1 }), run({ methodConfig: { lr: 0.001, epochs: 3 } })], names);
    expect(a.groups.map((g) => [g.label, g.runIds.length])).toEqual([
      ['Fine-tune (FT), lr 0.01', 2],
      ['Fine-tune (FT), lr 0.001', 1],
    ]);
  });

  it('tells retrain variants, requests and same-named studies apart', () => {
    const studies = pickerGroups(
      [
        run({ kind: 'retrain', methodId: null, methodConfig: null }),
        run({ kind: 'retrain', variant: 'certified', methodId: null, methodConfig: { lambda: 0.1 } }),
        run({ requestIndex: 1 }),
        run({ studyId: 's2', studyCreatedAt: new Date('2026-12-02T08:30:00Z') }),
        run({ studyId: 's3', studyName: 'B' }),
      ],
      names,
    );
    expect(studies.map((s) => s.name)).toEqual(['A (created 2026-12-01 10:00 UTC)', 'A (created 2026-12-02 08:30 UTC)', 'B']);
    expect(studies[0].groups.map((g) => g.label)).toEqual(['Retrain, request 1', 'Retrain (certified), request 1', 'Fine-tune (FT), request 2']);
    const labels = studies.flatMap((s) => s.groups.map((g) => `${s.name}: ${g.label}`));
    expect(new Set(labels).size).toBe(labels.length);
  });
});
