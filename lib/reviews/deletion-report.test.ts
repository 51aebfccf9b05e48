/** The deletion report's evidence: gaps against the same seed's retrain, and plain caveats when evidence is weak. */
import { describe, expect, it } from 'vitest';
import type { Run } from '@/db/schema';
import { buildEvidence, removalSentence } from './deletion-report';

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

describe('removalSentence', () => {
  it('has no "of — data subjects" clause and one period for a dataset without subjects', () => {
    const s = removalSentence({ forgetCount: 72, trainCount: 1200, subjectCount: null, dataset: { name: 'digits.', version: 1 } });
    expect(s).toBe('72 training rows were removed, of 1200 training rows, from dataset digits version 1.');
    expect(s).not.toMatch(/—|\.\./);
  });

  it('names the subjects when the dataset has them', () => {
    expect(removalSentence({ forgetCount: 1, trainCount: 10, subjectCount: 1, dataset: null })).toBe('1 training row was removed (1 data subject), of 10 training rows.');
  });
});

describe('the report gives the study verdict', () => {
  const classRuns = [0, 1, 2].flatMap((s) => [
    run('original', s, acc(0.98, 0.97, 0.93, 0.8 + s * 0.01)),
    run('retrain', s, acc(0.0 + s * 0.002, 0.97, 0.84, 0.5)),
    run('unlearned', s, acc(0.01, 0.965, 0.838, 0.51), 'scrub'),
    run('unlearned', s, acc(0.975, 0.97, 0.93, 0.79), 'finetune'),
  ]);

  it('names the same method as the dashboard verdict, and says why the other is not named', () => {
    const report = buildEvidence(classRuns, null, { scrub: 'SCRUB', finetune: 'Fine-tune' }, 10);
    expect(report.verdict.closest).toEqual(['scrub:[]:r0']);
    const scrub = report.methods.find((m) => m.methodId === 'scrub')!;
    expect(scrub.closestBy.length).toBeGreaterThan(0);
    const ft = report.methods.find((m) => m.methodId === 'finetune')!;
    expect(ft.closestBy).toEqual([]);
    expect(ft.caveats.join(' ')).toMatch(/Not named closest to retraining: .*far from retraining/);
    expect(report.attackHasNoPower).toBeNull();
  });

  it('says plainly when the attack cannot tell the original\'s members apart either', () => {
    const flat = classRuns.map((r) => ({ ...r, metrics: { scalars: { ...(r.metrics as { scalars: Record<string, number> }).scalars, 'mia.loss.auc': 0.51 } } })) as Run[];
    const report = buildEvidence(flat, null, {}, 10);
    expect(report.attackHasNoPower).toMatch(/cannot tell the removed rows from unseen data even on the original model/);
    expect(report.verdict.metrics.find((m) => m.key === 'mia.loss.auc')!.hasPower).toBe(false);
  });
});

describe('external runs in the report', () => {
  /** An uploaded run as lib/studies/external-runs stores it: variant external, no method config. */
  const ext = (kind: Run['kind'], seed: number, scalars: Record<string, number>, methodId: string | null = null): Run => ({ ...run(kind, seed, scalars, methodId), id: `ext-${kind}-${seed}`, variant: 'external', methodConfig: null }) as Run;

  it('in an external study, uses the group’s uploaded retrains as the reference row and each method’s reference', () => {
    const runs = [0, 1].flatMap((s) => [
      ext('original', s, acc(0.99, 0.96, 0.9, 0.7)),
      ext('retrain', s, acc(0.6 + s * 0.02, 0.96, 0.9, 0.5)),
      ext('unlearned', s, acc(0.7, 0.95, 0.89, 0.55), 'My method (external)'),
    ]);
    const report = buildEvidence(runs, null, {}, 3);
    expect(report.retrain?.accuracy.forget).toBeCloseTo(0.61);
    expect(report.original?.accuracy.forget).toBeCloseTo(0.99);
    const m = report.methods[0];
    expect(m.label).toBe('My method (external)');
    expect(m.reference).toBe('the group’s own uploaded retrain');
    expect(m.gapToRetrain.forget).toBeCloseTo(0.09);
    expect(m.referenceModel?.accuracy.forget).toBeCloseTo(0.61);
  });

  it('in a mixed study, scores Lethe’s methods against Lethe’s retrains and the external method against the uploaded ones', () => {
    const runs = [
      run('original', 0, acc(0.99, 0.95, 0.9, 0.7)),
      run('retrain', 0, acc(0.8, 0.95, 0.9, 0.52)),
      run('unlearned', 0, acc(0.95, 0.94, 0.89, 0.65), 'finetune'),
      ext('original', 0, acc(0.97, 0.95, 0.9, 0.7)),
      ext('retrain', 0, acc(0.5, 0.95, 0.9, 0.5)),
      ext('unlearned', 0, acc(0.55, 0.94, 0.89, 0.6), 'Ours (external)'),
    ];
    const report = buildEvidence(runs, null, { finetune: 'Fine-tune' }, 3);
    expect(report.retrain?.accuracy.forget).toBeCloseTo(0.8);
    expect(report.original?.accuracy.forget).toBeCloseTo(0.99);
    const ours = report.methods.find((m) => m.label === 'Ours (external)')!;
    expect(ours.gapToRetrain.forget).toBeCloseTo(0.05);
    expect(ours.referenceModel?.miaAuc).toBeCloseTo(0.5);
    // Its attack caveat compares with its own reference (AUC 0.6 vs 0.5), not with Lethe's retrain (0.52).
    expect(ours.caveats.join(' ')).toMatch(/AUC 0\.600 vs 0\.500/);
    const ft = report.methods.find((m) => m.label === 'Fine-tune')!;
    expect(ft.reference).toBe('retraining');
    expect(ft.gapToRetrain.forget).toBeCloseTo(0.15);
  });
});
