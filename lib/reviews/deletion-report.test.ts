/** The deletion report's evidence: gaps against the same seed's retrain, and plain caveats when evidence is weak. */
import { describe, expect, it } from 'vitest';
import type { Run } from '@/db/schema';
import { buildEvidence } from './deletion-report';

function run(kind: Run['kind'], seed: number, scalars: Record<string, number>, methodId: string | null = null): Run {
  return { id: `${kind}-${seed}-${methodId}`, kind, seed, methodId, methodConfig: methodId ? {} : null, requestIndex: 0, status: 'succeeded', metrics: { scalars } } as unknown as Run;
}

const acc = (f: number, r: number, t: number, auc: number) => ({ 'accuracy.forget': f, 'accuracy.retain': r, 'accuracy.test': t, 'mia.loss.auc': auc, 'mia.loss.advantage': auc - 0.5, 'mia.entropy.forgetMemberRate': 0.5 });

describe('buildEvidence', () => {
  const runs = [
    run('original', 0, acc(0.99, 0.95, 0.9, 0.7)),
    run('retrain', 0, acc(0.8, 0.95, 0.9, 0.52)),
    run('retrain', 1, acc(0.82, 0.95, 0.9, 0.5)),
    run('unlearned', 0, acc(0.95, 0.94, 0.89, 0.65), 'finetune'),
    run('unlearned', 1, acc(0.97, 0.94, 0.89, 0.63), 'finetune'),
  ];

  it('averages signed gaps to the retrain of the same seed', () => {
    const report = buildEvidence(runs, null, { finetune: 'Fine-tune' });
    const ft = report.methods[0];
    expect(ft.label).toBe('Fine-tune');
    expect(ft.gapToRetrain.forget).toBeCloseTo(0.15);
    expect(ft.gapToRetrain.test).toBeCloseTo(-0.01);
    expect(report.retrain?.miaAuc).toBeCloseTo(0.51);
  });

  it('says plainly that N = 2 (ceiling 0) proves nothing, and flags a forget gap and a stronger attack', () => {
    const summary = { methods: [{ methodId: 'finetune', config: {}, requestIndex: 0, seeds: 2, distinguishability: { forgetQuality: 0, finalScore: 0, numModels: 2, epsilonCeiling: 0 } }] };
    const caveats = buildEvidence(runs, summary, {}).methods[0].caveats.join(' ');
    expect(caveats).toMatch(/ceiling is 0.*says nothing/);
    expect(caveats).toMatch(/Forget-set accuracy differs from retraining by 15\.0 points/);
    expect(caveats).toMatch(/membership-inference attack separates/);
  });

  it('notes a missing score', () => {
    const caveats = buildEvidence(runs, { methods: [{ methodId: 'finetune', config: {}, requestIndex: 0, seeds: 1, distinguishability: null, note: 'Distinguishability needs at least 2 seeds.' }] }, {}).methods[0].caveats;
    expect(caveats[0]).toMatch(/^No distinguishability score: Distinguishability needs at least 2 seeds\./);
  });
});
