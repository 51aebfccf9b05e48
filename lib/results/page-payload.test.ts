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
import { firstViewPayload, isFirstView, pagePayload, thinCurve, unpackFirstView } from './page-payload';
import type { Stat } from './aggregate';
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

  it('packs a first view that unpacks to every row over the shown columns, without deviations or run ids', async () => {
    const data = pagePayload(await studyResults(ctx.owner, ctx.studyId));
    const columns = ['accuracy.forget', 'accuracy.test', 'not-a-metric'];
    const shown = (stats: Record<string, Stat>) => Object.fromEntries(columns.filter((k) => stats[k]).map((k) => [k, { ...stats[k], sd: null }]));
    // One row ran fewer seeds, and a second study joins the table (as in a comparison):
    // the row keeps its own seeds and every row its study.
    const rows = data.table.rows.map((r, i) => (i === 1 ? { ...r, seeds: [r.seeds[0]] } : r));
    for (const studies of [data.studies, [...data.studies, { ...data.studies[0], id: 'other', name: 'Other' }]]) {
      const whole = { ...data, studies, table: { ...data.table, rows } };
      const first = firstViewPayload(whole, columns);
      expect(isFirstView(first)).toBe(true);
      expect(isFirstView(whole)).toBe(false);
      expect(JSON.stringify(first.table.rows)).not.toMatch(/"(mean|ciLow|sd)"/);
      expect('seeds' in first.table.rows[0]).toBe(false);
      expect('studyId' in first.table.rows[0]).toBe(studies.length > 1);
      const back = unpackFirstView(first);
      expect(back.complete).toBe(false);
      expect(back.table.rows).toEqual(whole.table.rows.map((r) => ({ ...r, runIds: [], values: shown(r.values), gaps: shown(r.gaps) })));
    }
  });
});
