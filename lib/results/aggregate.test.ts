import { describe, expect, it } from 'vitest';
import { aggregateResults, countRuns, runCountsNote, runCountsSentence, statOf, sumRunCounts, type ResultRunInput, type StoredMetrics, type StudyInput } from './aggregate';
import { AVERAGE_GAP_KEY, FORGET_QUALITY_KEY, orderMetrics } from './catalogue';
import { parseCsv, tableToCsv, tableToJson } from './export';
import { headline, verdictsOf } from './headline';
import { paretoFront, tradeoffAxes, tradeoffPoints } from './pareto';
import { DEFAULT_VIEW, differingColumns, parseViewState, sortRows, viewQuery } from './view-state';

function metrics(scalars: Record<string, number>): StoredMetrics {
  return { scalars } as unknown as StoredMetrics;
}

let next = 0;
function run(kind: ResultRunInput['kind'], seed: number, scalars: Record<string, number>, extra: Partial<ResultRunInput> = {}): ResultRunInput {
  return {
    id: `run-${++next}`,
    studyId: 's1',
    kind,
    variant: 'standard',
    methodId: kind === 'unlearned' ? 'finetune' : null,
    methodConfig: kind === 'unlearned' ? { epochs: 2 } : null,
    seed,
    requestIndex: 0,
    status: 'succeeded',
    metrics: metrics(scalars),
    ...extra,
  };
}

const study = (category: StudyInput['category'], summary: StudyInput['summary'] = null): StudyInput => ({
  id: 's1',
  name: 'Study',
  category,
  methods: [
    { methodId: 'finetune', config: { epochs: 2 } },
    { methodId: 'neggrad', config: { lr: 0.1 } },
  ],
  summary,
});

const base = (f: number, r: number, t: number, m: number) => ({ 'accuracy.forget': f, 'accuracy.retain': r, 'accuracy.test': t, 'mia.entropy.forgetMemberRate': m, 'timing.seconds': 10 });

describe('statOf', () => {
  it('gives a zero-width interval for identical values, and none for one value', () => {
    const s = statOf([0.5, 0.5, 0.5, 0.5], 'accuracy.test');
    expect(s.mean).toBe(0.5);
    expect(s.halfWidth).toBe(0);
    expect(s.ciLow).toBe(0.5);
    expect(s.ciHigh).toBe(0.5);
    expect(statOf([0.7], 'accuracy.test').halfWidth).toBeNull();
  });

  it('matches the t interval by hand for an unbounded metric (a loss): mean 2, sd 1, n 3 → ± 4.303/√3', () => {
    const s = statOf([1, 2, 3], 'loss.test');
    expect(s.mean).toBe(2);
    expect(s.interval).toBe('t');
    expect(s.rough).toBe(true);
    expect(s.halfWidth).toBeCloseTo((4.30265273 * 1) / Math.sqrt(3), 8);
  });

  it('keeps a share inside [0, 1] with the percentile bootstrap (the t interval gave 19.9% ± 53.3)', () => {
    const s = statOf([0, 0, 0.597], 'accuracy.forget');
    expect(s.interval).toBe('bootstrap-percentile');
    expect(s.ciLow).toBeGreaterThanOrEqual(0);
    expect(s.ciHigh).toBeLessThanOrEqual(1);
  });

  it('summarises speedups as the geometric mean of per-seed ratios', () => {
    const s = statOf([2, 8], 'timing.speedup');
    expect(s.mean).toBeCloseTo(4, 12);
    expect(s.interval).toBe('log-t');
    // A ratio that is not positive cannot enter a geometric mean: left out, the page still renders.
    expect(statOf([2, 0], 'timing.speedup')).toMatchObject({ n: 1, mean: 2 });
  });
});

describe('aggregateResults', () => {
  const runs = [
    run('original', 1, base(1, 1, 0.905, 0.9)),
    run('original', 2, base(1, 1, 0.92, 0.9)),
    run('retrain', 1, base(0, 0.98, 0.9, 0.2)),
    run('retrain', 2, base(0, 0.96, 0.92, 0.4)),
    run('unlearned', 1, { ...base(0.1, 0.98, 0.9, 0.3), 'timing.speedup': 4 }),
    run('unlearned', 2, { ...base(0.3, 0.96, 0.92, 0.4), 'timing.speedup': 6 }),
    run('unlearned', 1, base(0.5, 0.5, 0.5, 0.5), { methodId: 'neggrad', methodConfig: { lr: 0.1 } }),
    run('unlearned', 2, base(0.5, 0.5, 0.5, 0.5), { methodId: 'neggrad', methodConfig: { lr: 0.1 } }),
    run('unlearned', 3, base(0.5, 0.5, 0.5, 0.5), { methodId: 'neggrad', methodConfig: { lr: 0.1 }, status: 'failed', metrics: null }),
  ];
  const table = aggregateResults({ studies: [study('usability')], runs, methodNames: { finetune: 'Fine-tune', neggrad: 'NegGrad' } });
  const row = (label: string) => table.rows.find((r) => r.label === label)!;

  it('groups runs per kind and method configuration, pins original and retrain first', () => {
    expect(table.rows.map((r) => r.label)).toEqual(['Original', 'Retrain', 'Fine-tune', 'NegGrad']);
    expect(table.rows.map((r) => r.pinned)).toEqual([true, true, false, false]);
    expect(row('Retrain').baseline).toBe(true);
    expect(row('NegGrad').runsTotal).toBe(3);
    expect(row('NegGrad').runsSucceeded).toBe(2);
    expect(table.notes[0]).toBe('1 of 9 runs failed; the means use the 8 that succeeded.');
    expect(row('NegGrad').runCounts).toMatchObject({ total: 3, succeeded: 2, failed: 1, running: 0, queued: 0 });
  });

  it('the gap of retrain to itself is zero, on every metric and on average', () => {
    const retrain = row('Retrain');
    for (const [k, s] of Object.entries(retrain.gaps)) expect(s.mean, k).toBe(0);
    expect(retrain.values[AVERAGE_GAP_KEY].mean).toBe(0);
  });

  it('takes gaps per seed against the retrain of the same seed, then averages', () => {
    const ft = row('Fine-tune');
    // seed 1: |0.1 − 0| = 0.1; seed 2: |0.3 − 0| = 0.3
    expect(ft.gaps['accuracy.forget'].mean).toBeCloseTo(0.2, 12);
    expect(ft.values['accuracy.forget'].mean).toBeCloseTo(0.2, 12);
    // average gap per seed: seed 1 (0.1 + 0 + 0 + 0.1)/4 = 0.05; seed 2 (0.3 + 0 + 0 + 0)/4 = 0.075
    expect(ft.values[AVERAGE_GAP_KEY].mean).toBeCloseTo(0.0625, 12);
    // cost has no gap
    expect(ft.gaps['timing.seconds']).toBeUndefined();
    expect(ft.values['timing.speedup'].mean).toBeCloseTo(Math.sqrt(24), 12);
  });

  it('orders key metrics by category', () => {
    expect(table.keyMetrics.slice(0, 3)).toEqual(['accuracy.forget', 'accuracy.retain', 'accuracy.test']);
    const keys = ['accuracy.test', 'mia.loss.auc', 'backdoor.attackSuccessRate', 'fairness.test.sex.accuracyGap', AVERAGE_GAP_KEY, 'accuracy.forget'];
    expect(orderMetrics('security', keys)[0]).toBe('backdoor.attackSuccessRate');
    expect(orderMetrics('security', keys)[1]).toBe('accuracy.test');
    expect(orderMetrics('privacy', keys)[0]).toBe('mia.loss.auc');
    expect(orderMetrics('fidelity', keys)[0]).toBe('fairness.test.sex.accuracyGap');
    expect(orderMetrics('usability', keys)[0]).toBe('accuracy.forget');
  });

  it('states the headline in words: no badge where every method is far from retrain on the forget set', () => {
    const h = headline(table, verdictsOf(table, [study('usability')], runs, 10));
    expect(h.criteria[0].criterion.statement).toMatch(/smallest average gap/);
    // Fine-tune is 20 points from retrain on the forget set (retrain: 0% on both seeds), NegGrad 50.
    for (const c of h.criteria) expect(c.winners).toEqual([]);
    expect(h.criteria.find((c) => c.criterion.id === 'forget-acc')!.sentence).toMatch(/^No method qualifies .*forget-set behaviour is far from retraining/);
    expect(h.rule).toMatch(/retrained model of the same seed/);
  });

  it('pins a chosen baseline in a comparison and measures every row against it', () => {
    const cmp = aggregateResults({ studies: [study('usability')], runs, baseline: { runId: runs[0].id } });
    const original = cmp.rows[0];
    expect(original.baseline).toBe(true);
    expect(original.gaps['accuracy.test'].mean).toBe(0);
    expect(cmp.rows.filter((r) => r.pinned)).toHaveLength(1);
    expect(cmp.rows.find((r) => r.kind === 'retrain')!.gaps['accuracy.forget'].mean).toBe(1);
  });

  it('takes forget quality from the study summary, without an interval', () => {
    const s = study('privacy', { methods: [{ methodId: 'finetune', config: { epochs: 2 }, requestIndex: 0, seeds: 2, distinguishability: { numModels: 2, epsilonCeiling: 1, forgetQuality: 0.75, finalScore: 0.7 } }] });
    const t = aggregateResults({ studies: [s], runs });
    const ft = t.rows.find((r) => r.methodId === 'finetune')!;
    expect(ft.values[FORGET_QUALITY_KEY]).toMatchObject({ mean: 0.75, n: 2, halfWidth: null });
    expect(t.keyMetrics).toContain(FORGET_QUALITY_KEY);
  });

  it('with N = 2 (ε ceiling 0) forget quality is not computable: no value, the reason, and N and the ceiling in exports', () => {
    // A summary stored before the rule carries forgetQuality 0: the ceiling decides.
    const s = study('privacy', { methods: [{ methodId: 'finetune', config: { epochs: 2 }, requestIndex: 0, seeds: 2, distinguishability: { numModels: 2, epsilonCeiling: 0, forgetQuality: 0, finalScore: 0 } }] });
    const t = aggregateResults({ studies: [s], runs });
    const ft = t.rows.find((r) => r.methodId === 'finetune')!;
    expect(ft.values[FORGET_QUALITY_KEY]).toMatchObject({ mean: null, n: 2 });
    expect(ft.distinguishability).toMatchObject({ numModels: 2, epsilonCeiling: 0 });
    expect(ft.note).toMatch(/^Forget quality not computable with N = 2/);
    const json = tableToJson(t, 'Study');
    expect(json.rows.find((r) => r.methodId === 'finetune')!.forgetQuality).toMatchObject({ numModels: 2, epsilonCeiling: 0, notComputable: expect.stringMatching(/^not computable with N = 2/) });
    const csv = parseCsv(tableToCsv(t, 'Study'));
    const header = csv[0];
    const line = csv.find((row) => row[header.indexOf('method')] === 'finetune')!;
    expect(line[header.indexOf('forget quality N')]).toBe('2');
    expect(line[header.indexOf('forget quality epsilon ceiling')]).toBe('0');
    expect(line[header.indexOf('forget quality note')]).toMatch(/^not computable with N = 2/);
  });

  it('names configurations apart when a method appears twice', () => {
    const t = aggregateResults({
      studies: [study('usability')],
      runs: [run('retrain', 1, base(0, 1, 1, 0)), run('unlearned', 1, base(0, 1, 1, 0), { methodConfig: { epochs: 2, lr: 0.1 } }), run('unlearned', 1, base(0, 1, 1, 0), { methodConfig: { epochs: 2, lr: 0.01 } })],
    });
    expect(t.rows.filter((r) => r.kind === 'unlearned').map((r) => r.detail).sort()).toEqual(['lr 0.01', 'lr 0.1']);
  });
});

describe('Pareto front', () => {
  it('keeps exactly the non-dominated points of a hand-made set (x lower better, y higher better)', () => {
    const points = [
      { id: 'a', x: 0.1, y: 0.8 },
      { id: 'b', x: 0.2, y: 0.9 },
      { id: 'c', x: 0.3, y: 0.85 }, // dominated by b
      { id: 'd', x: 0.05, y: 0.5 },
      { id: 'e', x: 0.2, y: 0.7 }, // dominated by a and b
      { id: 'f', x: 0.4, y: 0.95 },
    ];
    expect(paretoFront(points, { x: 'min', y: 'max' })).toEqual(['d', 'a', 'b', 'f']);
    expect(paretoFront(points, { x: 'max', y: 'max' })).toEqual(['f']);
  });

  it('keeps equal points together and a single point alone', () => {
    expect(paretoFront([{ id: 'a', x: 1, y: 1 }, { id: 'b', x: 1, y: 1 }], { x: 'min', y: 'max' }).sort()).toEqual(['a', 'b']);
    expect(paretoFront([{ id: 'a', x: 1, y: 1 }], { x: 'min', y: 'min' })).toEqual(['a']);
  });

  it('marks the front among a table’s rows; retrain sits at gap 0', () => {
    const t = aggregateResults({
      studies: [study('usability')],
      runs: [run('retrain', 1, base(0, 1, 0.9, 0)), run('unlearned', 1, base(0.1, 1, 0.95, 0)), run('unlearned', 1, base(0.2, 1, 0.8, 0), { methodId: 'neggrad', methodConfig: { lr: 0.1 } })],
    });
    const axis = tradeoffAxes(t).find((a) => a.id === 'forget-acc-gap')!;
    const pts = tradeoffPoints(t.rows, axis);
    expect(pts.map((p) => [p.kind, p.x, p.onFront])).toEqual([
      ['retrain', 0, true],
      ['unlearned', 0.1, true],
      ['unlearned', 0.2, false],
    ]);
  });
});

describe('comparison labels', () => {
  it('tells rows of two studies with the same name apart', () => {
    const other = { ...study('usability'), id: 'a2b3c4d5-0000-4000-8000-000000000000' };
    const first = { ...study('usability'), id: 'f0e1d2c3-0000-4000-8000-000000000000' };
    const t = aggregateResults({
      studies: [first, other],
      runs: [run('unlearned', 0, base(0.1, 1, 0.9, 0), { studyId: first.id }), run('unlearned', 0, base(0.2, 1, 0.9, 0), { studyId: other.id })],
    });
    expect(t.rows.map((r) => r.detail)).toEqual(['Study #f0e1d2c3', 'Study #a2b3c4d5']);
  });
});

describe('view state', () => {
  it('round-trips through the URL, defaults left out', () => {
    const view = { ...DEFAULT_VIEW, cols: ['accuracy.test', 'mia.loss.auc'], sort: { key: 'accuracy.test', by: 'gap' as const, dir: 'desc' as const }, diff: true, show: 'gap' as const, x: 'average-gap' };
    const q = viewQuery(view, { runs: ['r1', 'r2'], baseline: 'r1' });
    expect(q).toBe('runs=r1,r2&baseline=r1&cols=accuracy.test,mia.loss.auc&sort=accuracy.test:gap:desc&diff=1&show=gap&x=average-gap');
    expect(parseViewState(new URLSearchParams(q))).toEqual(view);
    expect(viewQuery(parseViewState(new URLSearchParams('')))).toBe('');
  });

  it('sorts unpinned rows only and finds the columns that differ', () => {
    const t = aggregateResults({
      studies: [study('usability')],
      runs: [run('retrain', 1, base(0, 1, 0.9, 0)), run('unlearned', 1, base(0.1, 1, 0.95, 0)), run('unlearned', 1, base(0.2, 1, 0.8, 0), { methodId: 'neggrad', methodConfig: { lr: 0.1 } })],
    });
    expect(sortRows(t.rows, { key: 'accuracy.forget', by: 'value', dir: 'desc' }).map((r) => r.label)).toEqual(['Retrain', 'neggrad', 'finetune']);
    expect(differingColumns(t.rows, ['accuracy.forget', 'accuracy.retain'], 'value')).toEqual(['accuracy.forget']);
  });
});

describe('runs left out of the means', () => {
  const statuses = (spec: Record<string, number>) => Object.entries(spec).flatMap(([status, n]) => Array.from({ length: n }, () => ({ status })));

  it('says unfinished runs are still running, not that they did not succeed', () => {
    const c = countRuns(statuses({ succeeded: 15, running: 3 }));
    expect(runCountsSentence(c)).toBe('3 of 18 runs still running');
    expect(runCountsNote(c, 15)).toBe('3 of 18 runs still running; the means use the 15 that succeeded so far and update as the others finish.');
  });

  it('tells queued and waiting runs apart from running ones', () => {
    expect(runCountsSentence(countRuns(statuses({ succeeded: 2, queued: 3, waiting: 1 })))).toBe('4 of 6 runs still queued');
    expect(runCountsSentence(countRuns(statuses({ running: 1, queued: 2 })))).toBe('3 of 3 runs still running or queued');
  });

  it('counts failed and cancelled runs separately from unfinished ones', () => {
    const c = countRuns(statuses({ succeeded: 12, running: 3, failed: 2, cancelled: 1 }));
    expect(c).toEqual({ total: 18, succeeded: 12, running: 3, queued: 0, failed: 2, cancelled: 1 });
    expect(runCountsSentence(c)).toBe('3 of 18 runs still running, 2 failed and 1 cancelled');
    expect(runCountsNote(countRuns(statuses({ succeeded: 16, failed: 2 })), 16)).toBe('2 of 18 runs failed; the means use the 16 that succeeded.');
    expect(runCountsSentence(countRuns(statuses({ failed: 1 })))).toBe('1 of 1 run failed');
  });

  it('says nothing when every run succeeded', () => {
    const c = countRuns(statuses({ succeeded: 4 }));
    expect(runCountsSentence(c)).toBeNull();
    expect(runCountsNote(c, 4)).toBeNull();
  });

  it('puts the note on a table whose study is still running', () => {
    const table = aggregateResults({
      studies: [study('usability')],
      runs: [run('original', 1, base(0.9, 0.9, 0.9, 0.9)), run('retrain', 1, base(0.5, 0.9, 0.9, 0.5)), run('unlearned', 1, base(0.5, 0.9, 0.9, 0.5), { methodId: 'finetune', status: 'running', metrics: null })],
    });
    expect(table.notes).toContain('1 of 3 runs still running; the means use the 2 that succeeded so far and update as the others finish.');
    expect(table.notes.join(' ')).not.toMatch(/did not succeed|failed/);
    // The live banner reads the rows' counts together: the same runs as the note.
    expect(runCountsSentence(sumRunCounts(table.rows.map((r) => r.runCounts)))).toBe('1 of 3 runs still running');
  });
});
