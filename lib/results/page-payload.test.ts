/**
 * The dashboard's page payload: ROC staircases keep their corners, statistics keep 6 significant
 * digits, and on a finished 2-seed x 10-method study (real metrics records of 10 classes, seeded
 * without training) the payload is a fraction of the API's, with the same table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { createScenario } from '@/lib/datasets/scenarios';
import { makeTeam } from '@/test/factories';
import { pagePayload, thinCurve } from './page-payload';
import { seedFinishedStudy } from './seed-fixture';
import { studyResults } from './study-results-service';

const DIGITS = path.resolve(import.meta.dirname, '../../db/seed-data/digits.csv');
const METHODS = ['finetune', 'neggrad', 'neggrad-plus', 'random-labels', 'scrub', 'salun', 'ssd', 'fisher', 'amnesiac', 'sisa'];

describe('thinCurve', () => {
  it('keeps the corners of a staircase and drops points inside straight runs and repeats', () => {
    const stairs: Array<[number, number]> = [
      [0, 0],
      [0, 0.1],
      [0, 0.2],
      [0, 0.2],
      [0.1, 0.2],
      [0.2, 0.2],
      [0.2, 0.5],
      [1, 1],
    ];
    expect(thinCurve(stairs)).toEqual([
      [0, 0],
      [0, 0.2],
      [0.2, 0.2],
      [0.2, 0.5],
      [1, 1],
    ]);
  });

  it('rounds to 4 decimals and keeps a diagonal whole', () => {
    expect(thinCurve([[0.123456, 0.98765], [0.5, 0.6], [1, 1]])).toEqual([[0.1235, 0.9877], [0.5, 0.6], [1, 1]]);
  });
});

describe('dashboard page payload', () => {
  let ctx: { owner: Awaited<ReturnType<typeof makeTeam>>['owner']; studyId: string };
  beforeAll(async () => {
    const { team, owner } = await makeTeam();
    const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
    const dataset = await createDataset(access, parseUploadOptions({ name: 'Digits' }), [{ role: 'file', name: 'digits.csv', source: [fs.readFileSync(DIGITS)] }]);
    const scenario = await createScenario(owner, dataset.id, { name: 'Forget 3', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['3'] } });
    const { studyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, seeds: 2, methods: METHODS, numClasses: 10, sizes: { forget: 180, retain: 1200, test: 360 }, groups: 2, summarise: false });
    ctx = { owner, studyId };
  }, 240_000);

  it('is under 65% of the API payload and keeps every row, curve and 6 significant digits', async () => {
    const data = await studyResults(ctx.owner, ctx.studyId);
    const page = pagePayload(data);
    const before = JSON.stringify(data).length;
    const after = JSON.stringify(page).length;
    expect(after / before).toBeLessThan(0.65);
    expect(page.table.rows.map((r) => r.key)).toEqual(data.table.rows.map((r) => r.key));
    // The fixture's ROC curves have ~200 points; their staircases far fewer corners.
    expect(page.table.charts.roc.reduce((n, c) => n + c.points.length, 0)).toBeLessThan(data.table.charts.roc.reduce((n, c) => n + c.points.length, 0) / 3);
    for (const [i, row] of data.table.rows.entries()) {
      for (const [key, s] of Object.entries(row.values)) {
        const mean = page.table.rows[i].values[key].mean;
        if (s.mean === null) expect(mean).toBeNull();
        else expect(Math.abs((mean as number) - s.mean)).toBeLessThanOrEqual(Math.abs(s.mean) * 1e-5);
      }
    }
    // Each ROC curve still starts and ends where it did.
    for (const [i, c] of data.table.charts.roc.entries()) {
      const thin = page.table.charts.roc[i].points;
      expect(thin[0][0]).toBeCloseTo(c.points[0][0], 4);
      expect(thin[thin.length - 1][1]).toBeCloseTo(c.points[c.points.length - 1][1], 4);
    }
  });
});
