import { describe, expect, it } from 'vitest';
import type { StudyMethod } from '@/db/schema';
import { criterionOf, keepChosenRuns, selectSweeps, type SweepRun } from './sweep';

const methods: StudyMethod[] = [
  { methodId: 'finetune', config: { learningRate: 0.01 }, sweep: { group: 0, point: 0, setting: { learningRate: 0.01 } } },
  { methodId: 'finetune', config: { learningRate: 0.02 }, sweep: { group: 0, point: 1, setting: { learningRate: 0.02 } } },
  { methodId: 'finetune', config: { learningRate: 0.04 }, sweep: { group: 0, point: 2, setting: { learningRate: 0.04 } } },
  { methodId: 'scrub', config: {} },
];
const study = { id: 's', methods };

function run(kind: SweepRun['kind'], seed: number, scalars: Record<string, number>, extra: Partial<SweepRun> = {}): SweepRun {
  return { studyId: 's', kind, variant: 'standard', methodId: null, methodConfig: null, seed, requestIndex: 0, status: 'succeeded', scalars, ...extra };
}
const acc = (forget: number, retain: number, validation: number, test = 0.9) => ({ 'accuracy.forget': forget, 'accuracy.retain': retain, 'accuracy.validation': validation, 'accuracy.test': test });
const point = (lr: number, seed: number, scalars: Record<string, number>, extra: Partial<SweepRun> = {}) => run('unlearned', seed, scalars, { methodId: 'finetune', methodConfig: { learningRate: lr }, ...extra });

const retrains = [run('retrain', 0, acc(0.5, 0.9, 0.8)), run('retrain', 1, acc(0.6, 0.9, 0.8))];

describe('sweep selection', () => {
  it('averages the three gaps to the retrain of the same seed', () => {
    expect(criterionOf(acc(0.2, 0.9, 0.7), acc(0.5, 0.9, 0.8))).toBeCloseTo((0.3 + 0 + 0.1) / 3);
    expect(criterionOf({ 'accuracy.forget': 0.2, 'accuracy.retain': 0.9 }, acc(0.5, 0.9, 0.8))).toBeNull();
  });

  it('picks the point closest to retrain on forget/retain/validation, never by test accuracy', () => {
    const runs = [
      ...retrains,
      // 0.01: gaps 0.3 / 0.3 (seed 0 / 1) but the best test accuracy
      point(0.01, 0, acc(0.8, 0.9, 0.8, 0.99)),
      point(0.01, 1, acc(0.9, 0.9, 0.8, 0.99)),
      // 0.02: closest (same seed: 0.5 vs 0.5, 0.6 vs 0.6), poor test accuracy
      point(0.02, 0, acc(0.5, 0.9, 0.8, 0.5)),
      point(0.02, 1, acc(0.6, 0.9, 0.8, 0.5)),
      // 0.04: near the other seed's retrain only (would win if compared across seeds)
      point(0.04, 0, acc(0.6, 0.9, 0.8, 0.7)),
      point(0.04, 1, acc(0.5, 0.9, 0.8, 0.7)),
    ];
    const [group] = selectSweeps([study], runs);
    expect(group.chosen).toBe(1);
    expect(group.points.map((p) => p.chosen)).toEqual([false, true, false]);
    expect(group.points[0].mean).toBeCloseTo(0.1);
    expect(group.points[2].mean).toBeCloseTo(0.1 / 3);
    expect(group.points[1]).toMatchObject({ n: 2, mean: 0, sd: 0 });
    expect(group.provisional).toBe(false);
    expect(group.settings).toEqual(['learningRate']);
  });

  it('breaks ties by grid order and makes points with fewer seeds ineligible', () => {
    const tie = [...retrains, point(0.01, 0, acc(0.6, 0.9, 0.8)), point(0.01, 1, acc(0.7, 0.9, 0.8)), point(0.02, 0, acc(0.6, 0.9, 0.8)), point(0.02, 1, acc(0.7, 0.9, 0.8))];
    expect(selectSweeps([study], tie)[0].chosen).toBe(0);
    // 0.04 is perfect on seed 0 but its seed 1 failed: not eligible against 2-seed points.
    const partial = [...tie, point(0.04, 0, acc(0.5, 0.9, 0.8)), point(0.04, 1, {}, { status: 'failed', scalars: null })];
    const [group] = selectSweeps([study], partial);
    expect(group.points[2]).toMatchObject({ n: 1, eligible: false, chosen: false });
    expect(group.chosen).toBe(0);
  });

  it('says a choice is provisional while runs are unfinished, and keeps only the chosen point', () => {
    const runs = [...retrains, point(0.01, 0, acc(0.9, 0.9, 0.8)), point(0.02, 0, acc(0.5, 0.9, 0.8)), point(0.02, 1, {}, { status: 'running', scalars: null }), run('unlearned', 0, acc(0.5, 0.9, 0.8), { methodId: 'scrub', methodConfig: {} })];
    const sweeps = selectSweeps([study], runs);
    expect(sweeps[0]).toMatchObject({ chosen: 1, provisional: true });
    const kept = keepChosenRuns(runs, sweeps);
    expect(kept.filter((r) => r.methodId === 'finetune').map((r) => r.methodConfig?.learningRate)).toEqual([0.02, 0.02]);
    expect(kept.filter((r) => r.kind === 'retrain')).toHaveLength(2);
    expect(kept.some((r) => r.methodId === 'scrub')).toBe(true);
  });

  it('measures a point with its own retrain variant where it has one', () => {
    const certified: StudyMethod[] = [0.01, 0.1].map((lambda, i) => ({ methodId: 'certified-removal', config: { lambda }, sweep: { group: 0, point: i, setting: { lambda } } }));
    const c = (kind: SweepRun['kind'], lambda: number, scalars: Record<string, number>) => run(kind, 0, scalars, { variant: 'certified', methodId: 'certified-removal', methodConfig: { lambda } });
    const runs = [run('retrain', 0, acc(0.9, 0.9, 0.9)), c('retrain', 0.01, acc(0.5, 0.8, 0.7)), c('retrain', 0.1, acc(0.2, 0.2, 0.2)), c('unlearned', 0.01, acc(0.5, 0.8, 0.7)), c('unlearned', 0.1, acc(0.9, 0.9, 0.9)), c('original', 0.1, acc(1, 1, 1))];
    const sweeps = selectSweeps([{ id: 's', methods: certified }], runs);
    expect(sweeps[0].chosen).toBe(0);
    const kept = keepChosenRuns(runs, sweeps);
    expect(kept.some((r) => r.methodConfig?.lambda === 0.1)).toBe(false);
    expect(kept).toHaveLength(3);
  });

  it('has nothing to choose in a study without a sweep', () => {
    const runs = [...retrains];
    expect(selectSweeps([{ id: 's', methods: [{ methodId: 'scrub', config: {} }] }], runs)).toEqual([]);
    expect(keepChosenRuns(runs, [])).toEqual(runs);
  });
});
