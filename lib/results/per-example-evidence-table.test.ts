import { describe, expect, it } from 'vitest';
import type { PerExampleEvidence } from '@/lib/metrics/per-example-evidence';
import { perExampleEvidenceRows, perExamplePower } from './per-example-evidence-table';
import type { MatchedEvidence } from '@/lib/metrics/per-example-evidence';

const klom = (p95: number) => ({ examples: 10, mean: p95 / 2, percentiles: { p50: p95 / 3, p95 }, unlearnedModels: 4, retrainedModels: 5 });

const evidence = (auc: number): PerExampleEvidence => ({
  uLira: { numModels: 4, forgetCount: 10, scoresPerClass: 40, auc, tprAtLowFpr: 0.0312499, lowFpr: 0.01 },
  uLiraNote: null,
  klom: { forget: klom(9.60196471794418), retain: klom(0.00049) },
  klomNote: null,
  skippedModels: 0,
});

describe('perExampleEvidenceRows', () => {
  it('lists the null baseline and the noise floor before the methods, rounded as the card shows them', () => {
    const rows = perExampleEvidenceRows(
      {
        perExampleBaselines: [{ requestIndex: 0, original: evidence(0.9809917233314043), retrainFloor: evidence(0.5004) }],
        methods: [{ methodId: 'scrub', config: { alpha: 0.5 }, requestIndex: 0, perExample: evidence(0.61249) }],
      },
      { scrub: 'SCRUB' },
    );
    expect(rows.map((r) => [r.role, r.label])).toEqual([
      ['null-baseline', 'Original, no unlearning'],
      ['noise-floor', 'Retrain vs retrain'],
      ['method', 'SCRUB (alpha=0.5)'],
    ]);
    expect(rows[0]).toMatchObject({ uLiraAuc: 0.981, uLiraTprAtLowFpr: 0.031, uLiraModels: 4, klomP95: { forget: 9.602, retain: 0, test: null }, klomModels: '4 vs 5', note: null });
    expect(rows[1].uLiraAuc).toBe(0.5);
    expect(rows[2].uLiraAuc).toBe(0.612);
  });

  it("leaves out the grid points a sweep did not choose, as every other view does", () => {
    const point = (i: number, lr: number, chosen: boolean) => ({ point: i, setting: { learningRate: lr }, config: { learningRate: lr, epochs: 1 }, n: 3, mean: 0.01, sd: null, min: null, max: null, eligible: true, chosen });
    const sweep = { studyId: 's', group: 0, methodId: 'finetune', settings: ['learningRate'], requestIndex: 0, points: [point(0, 0.001, false), point(1, 0.002, true)], chosen: 1, provisional: false, validationRows: 100 };
    const rows = perExampleEvidenceRows(
      {
        methods: [
          { methodId: 'finetune', config: { epochs: 1, learningRate: 0.001 }, requestIndex: 0, perExample: evidence(0.9) },
          { methodId: 'finetune', config: { epochs: 1, learningRate: 0.002 }, requestIndex: 0, perExample: evidence(0.7) },
          { methodId: 'scrub', config: {}, requestIndex: 0, perExample: evidence(0.6) },
        ],
      },
      { finetune: 'Fine-tune', scrub: 'SCRUB' },
      [sweep],
    );
    expect(rows.map((r) => r.uLiraAuc)).toEqual([0.7, 0.6]);
  });

  it('says when a model has no per-example outputs, and has no rows without a summary', () => {
    const rows = perExampleEvidenceRows({ methods: [{ methodId: 'ssd', requestIndex: 0, perExample: null }] }, {});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ label: 'ssd', uLiraAuc: null, klomModels: null, note: 'No per-example outputs stored for these runs.' });
    expect(perExampleEvidenceRows(null, {})).toEqual([]);
  });

  it('reads every row at the floor size where the summary has it, and says N per side', () => {
    const matched = (auc: number, p95: number): MatchedEvidence => ({ modelsPerSide: 4, uLiraAuc: auc, uLiraTprAtLowFpr: 0.02, klomP95: { forget: p95 } });
    const rows = perExampleEvidenceRows(
      {
        perExampleBaselines: [{ requestIndex: 0, original: evidence(0.99), originalMatched: matched(0.97, 11.2), retrainFloor: evidence(0.6) }],
        methods: [{ methodId: 'scrub', config: {}, requestIndex: 0, perExample: evidence(0.9), perExampleMatched: matched(0.8, 10.5) }],
      },
      { scrub: 'SCRUB' },
    );
    expect(rows[0]).toMatchObject({ uLiraAuc: 0.97, uLiraModels: 4, klomP95: { forget: 11.2, retain: null }, klomModels: '4 vs 4' });
    expect(rows[2]).toMatchObject({ label: 'SCRUB', uLiraAuc: 0.8, klomModels: '4 vs 4' });
    // the original's row carries the power sentences: U-LiRA 0.47 from 0.5 against 2 x 0.1; KLoM 11.2 against 2 x 9.6
    expect(rows[0].note).toMatch(/^U-LiRA has power here: the original scores AUC 0\.970 against the floor's 0\.600 \(4 models per side\)\. KLoM has no power here/);
  });
});

describe('perExamplePower', () => {
  const floor = (auc: number, p95: number): PerExampleEvidence => ({ ...evidence(auc), klom: { forget: klom(p95) } });
  const original = (auc: number, p95: number): MatchedEvidence => ({ modelsPerSide: 4, uLiraAuc: auc, uLiraTprAtLowFpr: 0, klomP95: { forget: p95 } });

  it('has power where doing nothing is farther from indistinguishable than twice the floor and the resolution', () => {
    expect(perExamplePower(original(1, 3), floor(0.63, 1))).toBe(
      "U-LiRA has power here: the original scores AUC 1.000 against the floor's 0.630 (4 models per side). KLoM has power here: the original's p95 on the forget set is 3.000 against the floor's 1.000 (4 models per side).",
    );
  });

  it('has no power within twice the floor, below the resolution, or when the floor sits on the other side of 0.5', () => {
    const random = perExamplePower(original(0.519, 8.8), floor(0.498, 10.5)) ?? '';
    expect(random).toMatch(/^U-LiRA has no power here: the original's AUC 0\.519/);
    expect(random).toMatch(/KLoM has no power here: the original's p95 on the forget set \(8\.800\) is within twice the floor's \(10\.500/);
    expect(perExamplePower(original(0.4, 0.05), floor(0.62, 0.01))).toMatch(/^U-LiRA has no power here.*KLoM has no power here/);
    expect(perExamplePower(original(0.2, 0.3), floor(0.5, 0.01))).toMatch(/^U-LiRA has power here.*KLoM has power here/);
  });

  it('says nothing without the original at the floor size or without a floor', () => {
    expect(perExamplePower(null, floor(0.5, 1))).toBeNull();
    expect(perExamplePower(original(1, 1), null)).toBeNull();
  });
});
