import { describe, expect, it } from 'vitest';
import type { PerExampleEvidence } from '@/lib/metrics/per-example-evidence';
import { perExampleEvidenceRows } from './per-example-evidence-table';

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

  it('says when a model has no per-example outputs, and has no rows without a summary', () => {
    const rows = perExampleEvidenceRows({ methods: [{ methodId: 'ssd', requestIndex: 0, perExample: null }] }, {});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ label: 'ssd', uLiraAuc: null, klomModels: null, note: 'No per-example outputs stored for these runs.' });
    expect(perExampleEvidenceRows(null, {})).toEqual([]);
  });
});
