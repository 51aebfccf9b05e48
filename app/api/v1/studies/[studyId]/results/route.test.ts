/**
 * Results, exports and comparisons over the API, on a finished study seeded without training
 * (lib/results/seed-fixture): roles, other teams, numbers that survive export.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '@/lib/results/export';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import type { ResultsData } from '@/lib/results/study-results-service';
import { callRoute, irisForgetSetosa, makeTeam, tokenFor } from '@/test/factories';
import { GET as getResults } from './route';
import { GET as getDistributions } from './distributions/route';
import { GET as getForgetExamples } from './forget-examples/route';
import { GET as exportStudy } from '../export/route';
import { GET as listComparisons, POST as createComparison } from '../../../teams/[teamId]/comparisons/route';
import { GET as selectionResults } from '../../../teams/[teamId]/comparisons/results/route';
import { GET as candidates } from '../../../teams/[teamId]/comparisons/candidates/route';
import { DELETE as deleteComparison, GET as getComparison, PATCH as patchComparison } from '../../../comparisons/[comparisonId]/route';
import { GET as exportComparison } from '../../../comparisons/[comparisonId]/export/route';

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { team, owner, members } = await makeTeam(['reviewer', 'researcher']);
  const { dataset, scenario } = await irisForgetSetosa(owner, team);
  const a = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, name: 'A', seeds: 3, methods: ['finetune', 'neggrad'], numClasses: 3, sizes: { forget: 40, retain: 90, test: 30 } });
  const b = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, name: 'B', seeds: 2, methods: ['scrub'], numClasses: 3, sizes: { forget: 40, retain: 90, test: 30 }, summarise: false });
  const other = await makeTeam();
  return {
    team,
    datasetId: dataset.id,
    studyA: a.studyId,
    studyB: b.studyId,
    owner: await tokenFor(owner),
    reviewer: await tokenFor(members.reviewer),
    researcher: await tokenFor(members.researcher),
    outsider: await tokenFor(other.owner),
  };
}

beforeAll(async () => {
  ctx = await setup();
}, 120_000);

async function raw<P>(handler: (req: Request, c: { params: Promise<P> }) => Promise<Response>, url: string, token: string, params: P) {
  const res = await handler(new Request(url, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve(params) });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '' };
}

describe('study results API', () => {
  it('a reviewer reads the table: rows per method, retrain pinned with zero gap, headline in words', async () => {
    const res = await callRoute(getResults, { token: ctx.reviewer, params: { studyId: ctx.studyA } });
    expect(res.status).toBe(200);
    const data = res.body as unknown as ResultsData;
    expect(data.table.rows.map((r) => r.label)).toEqual(['Original', 'Retrain', 'Fine-tune (FT)', 'Gradient ascent (NegGrad)']);
    const retrain = data.table.rows[1];
    expect(retrain.baseline).toBe(true);
    expect(retrain.gaps['accuracy.test'].mean).toBe(0);
    expect(retrain.values.averageGap.mean).toBe(0);
    const ft = data.table.rows[2];
    expect(ft.seeds).toEqual([0, 1, 2]);
    expect(ft.values['accuracy.test'].n).toBe(3);
    expect(ft.values['accuracy.test'].halfWidth).toBeGreaterThan(0);
    expect(ft.values['distinguishability.forgetQuality'].n).toBe(3);
    expect(data.table.keyMetrics[0]).toBe('accuracy.forget');
    // The fixture's methods keep 40-80% forget accuracy where retrain has 2%: none is named, and the sentence says why.
    expect(data.headline.criteria[0].sentence).toMatch(/^No method qualifies for the smallest average gap to retrain .*forget-set behaviour is far from retraining/);
    expect(data.headline.rule).toMatch(/retrained model of the same seed/);
    expect(data.table.charts.roc.length).toBe(4);
    expect(data.table.charts.perClass.test.length).toBe(3);
    expect(data.table.charts.curves.length).toBe(4);
  });

  it('loads distributions and forget examples on demand; another study’s run is not found', async () => {
    const data = (await callRoute(getResults, { token: ctx.owner, params: { studyId: ctx.studyA } })).body as unknown as ResultsData;
    const runId = data.table.rows[2].runIds[0];
    const d = await callRoute(getDistributions, { token: ctx.reviewer, params: { studyId: ctx.studyA }, url: `http://x/api?runId=${runId}` });
    expect(d.status).toBe(200);
    const hist = (d.body.distributions as { confidence: { shares: Record<string, number[]> } }).confidence;
    expect(hist.shares.forget.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const wrong = await callRoute(getDistributions, { token: ctx.owner, params: { studyId: ctx.studyB }, url: `http://x/api?runId=${runId}` });
    expect(wrong.status).toBe(404);
    const ex = await callRoute(getForgetExamples, { token: ctx.reviewer, params: { studyId: ctx.studyA }, url: 'http://x/api?seed=1&limit=5' });
    expect(ex.status).toBe(200);
    expect(ex.body.seed).toBe(1);
    const items = ex.body.items as Array<{ row: number; predictions: Record<string, number | null> }>;
    expect(items).toHaveLength(5);
    expect(Object.keys(items[0].predictions)).toHaveLength(4);
  });

  it('exports CSV and JSON that parse back to the numbers of the table', async () => {
    const data = (await callRoute(getResults, { token: ctx.owner, params: { studyId: ctx.studyA } })).body as unknown as ResultsData;
    const csv = await raw(exportStudy, 'http://x/api?format=csv', ctx.reviewer, { studyId: ctx.studyA });
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/text\/csv/);
    expect(csv.disposition).toMatch(/filename="a\.csv"/);
    const rows = parseCsv(csv.text);
    const col = rows[0].indexOf('accuracy.test');
    const gapCol = rows[0].indexOf('accuracy.forget gap');
    data.table.rows.forEach((r, i) => {
      expect(Number(rows[i + 1][col])).toBe(r.values['accuracy.test'].mean);
      if (!r.baseline) expect(Number(rows[i + 1][gapCol])).toBe(r.gaps['accuracy.forget'].mean);
    });
    const json = await raw(exportStudy, 'http://x/api?format=json&cols=accuracy.test', ctx.reviewer, { studyId: ctx.studyA });
    const parsed = JSON.parse(json.text) as { columns: Array<{ key: string }>; rows: Array<{ values: Record<string, { mean: number }> }> };
    expect(parsed.columns.map((c) => c.key)).toEqual(['accuracy.test']);
    expect(parsed.rows[3].values['accuracy.test'].mean).toBe(data.table.rows[3].values['accuracy.test'].mean);
    expect((await raw(exportStudy, 'http://x/api?format=xml', ctx.owner, { studyId: ctx.studyA })).status).toBe(422);
  });

  it('exports one line per run (seed) with every metric, whose mean over seeds is the table’s mean', async () => {
    const data = (await callRoute(getResults, { token: ctx.owner, params: { studyId: ctx.studyA } })).body as unknown as ResultsData;
    expect(data.table.seedRows).toBeUndefined();
    const csv = await raw(exportStudy, 'http://x/api?format=csv&rows=seeds&cols=accuracy.test', ctx.reviewer, { studyId: ctx.studyA });
    expect(csv.status).toBe(200);
    expect(csv.disposition).toMatch(/filename="a-per-seed\.csv"/);
    const [header, ...lines] = parseCsv(csv.text);
    // 4 rows x 3 seeds; the chosen columns limit the means only.
    expect(lines).toHaveLength(12);
    expect(header).toContain('accuracy.forget');
    expect(header).toContain('accuracy.forget gap');
    const ft = data.table.rows[2];
    const ftLines = lines.filter((l) => l[header.indexOf('run')] && ft.runIds.includes(l[header.indexOf('run')]));
    expect(ftLines.map((l) => Number(l[header.indexOf('seed')]))).toEqual([0, 1, 2]);
    const mean = (col: string) => ftLines.reduce((s, l) => s + Number(l[header.indexOf(col)]), 0) / ftLines.length;
    expect(mean('accuracy.forget')).toBeCloseTo(ft.values['accuracy.forget'].mean!, 12);
    expect(mean('accuracy.forget gap')).toBeCloseTo(ft.gaps['accuracy.forget'].mean!, 12);
    const json = JSON.parse((await raw(exportStudy, 'http://x/api?format=json&cols=accuracy.test', ctx.reviewer, { studyId: ctx.studyA })).text) as { seedRows: Array<{ runId: string; seed: number; values: Record<string, number> }> };
    expect(json.seedRows).toHaveLength(12);
    expect(Object.keys(json.seedRows[0].values).length).toBeGreaterThan(1);
    expect((await raw(exportStudy, 'http://x/api?rows=all', ctx.owner, { studyId: ctx.studyA })).status).toBe(422);
  });

  it('answers 404 to another team and 401 without a token', async () => {
    expect((await callRoute(getResults, { token: ctx.outsider, params: { studyId: ctx.studyA } })).status).toBe(404);
    expect((await raw(exportStudy, 'http://x/api', ctx.outsider, { studyId: ctx.studyA })).status).toBe(404);
    expect((await callRoute(getResults, { params: { studyId: ctx.studyA } })).status).toBe(401);
    expect((await callRoute(getResults, { token: ctx.owner, params: { studyId: 'not-a-uuid' } })).status).toBe(404);
  });
});

describe('comparisons API', () => {
  async function runsOf(studyId: string) {
    return ((await callRoute(getResults, { token: ctx.owner, params: { studyId } })).body as unknown as ResultsData).table.rows;
  }

  it('a reviewer saves a comparison across two studies with a pinned baseline; it reads back the same', async () => {
    const a = await runsOf(ctx.studyA);
    const b = await runsOf(ctx.studyB);
    const retrain = a.find((r) => r.kind === 'retrain')!;
    const scrub = b.find((r) => r.methodId === 'scrub')!;
    const runIds = [...retrain.runIds, ...a.find((r) => r.methodId === 'finetune')!.runIds, ...scrub.runIds];
    const cand = await callRoute(candidates, { token: ctx.reviewer, params: { teamId: ctx.team.id }, url: `http://x/api?datasetId=${ctx.datasetId}` });
    expect((cand.body.runs as unknown[]).length).toBe(3 * 4 + 2 * 3);

    const body = { name: 'Fine-tune vs SCRUB', runIds, baselineRunId: retrain.runIds[0], viewState: { sort: { key: 'accuracy.test', by: 'value', dir: 'desc' }, diff: true, split: 'forget', dm: 'k3x9a', ds: 1, rm: 'averageGap' } };
    const created = await callRoute(createComparison, { method: 'POST', token: ctx.reviewer, params: { teamId: ctx.team.id }, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = String(created.body.id);
    expect(created.body.datasetId).toBe(ctx.datasetId);

    const got = await callRoute(getComparison, { token: ctx.owner, params: { comparisonId: id } });
    expect(got.status).toBe(200);
    const results = got.body.results as unknown as ResultsData;
    expect(results.table.rows[0]).toMatchObject({ label: 'Retrain', baseline: true, pinned: true });
    expect(results.table.rows.map((r) => r.label)).toEqual(['Retrain', 'Fine-tune (FT)', 'SCRUB']);
    expect(results.table.rows[2].detail).toBe('B');
    expect((got.body.comparison as { viewState: unknown }).viewState).toEqual(body.viewState);

    // The unsaved view of the same selection gives the same table.
    const unsaved = await callRoute(selectionResults, { token: ctx.reviewer, params: { teamId: ctx.team.id }, url: `http://x/api?runs=${runIds.join(',')}&baseline=${retrain.runIds[0]}` });
    expect((unsaved.body as unknown as ResultsData).table.rows).toEqual(results.table.rows);

    const csv = await raw(exportComparison, 'http://x/api?format=csv', ctx.reviewer, { comparisonId: id });
    const lines = parseCsv(csv.text);
    expect(lines[3][0]).toBe('SCRUB');
    expect(Number(lines[3][lines[0].indexOf('accuracy.test')])).toBe(results.table.rows[2].values['accuracy.test'].mean);

    const listed = await callRoute(listComparisons, { token: ctx.researcher, params: { teamId: ctx.team.id } });
    expect((listed.body.comparisons as Array<{ id: string; runCount: number }>).find((c) => c.id === id)?.runCount).toBe(runIds.length);
  });

  it('without a pinned baseline, each study’s rows are measured to that study’s own retrain, added when not chosen', async () => {
    const a = await runsOf(ctx.studyA);
    const b = await runsOf(ctx.studyB);
    const ft = a.find((r) => r.methodId === 'finetune')!;
    const scrub = b.find((r) => r.methodId === 'scrub')!;
    const res = await callRoute(selectionResults, { token: ctx.reviewer, params: { teamId: ctx.team.id }, url: `http://x/api?runs=${[...ft.runIds, ...scrub.runIds].join(',')}` });
    expect(res.status).toBe(200);
    const table = (res.body as unknown as ResultsData).table;
    expect(table.rows.filter((r) => r.baseline).map((r) => [r.label, r.detail])).toEqual([
      ['Retrain', 'A'],
      ['Retrain', 'B'],
    ]);
    expect(table.baselineLabel).toBe('Retrain of each row’s own study');
    expect(table.notes.join(' ')).toMatch(/Retrain runs of A, B were added/);
    const ftRow = table.rows.find((r) => r.methodId === 'finetune')!;
    const scrubRow = table.rows.find((r) => r.methodId === 'scrub')!;
    // The same gaps as on each study's own dashboard.
    expect(ftRow.gaps['accuracy.forget'].mean).toBe(ft.gaps['accuracy.forget'].mean);
    expect(scrubRow.gaps['accuracy.forget'].mean).toBe(scrub.gaps['accuracy.forget'].mean);
    expect(scrubRow.baselineKey).not.toBe(ftRow.baselineKey);
  });

  it('refuses bad selections: another team’s run is not found, a baseline outside the runs is invalid', async () => {
    const a = await runsOf(ctx.studyA);
    const runIds = a[1].runIds;
    const foreign = await callRoute(createComparison, { method: 'POST', token: ctx.outsider, params: { teamId: ctx.team.id }, body: { name: 'x', runIds } });
    expect(foreign.status).toBe(404);
    const outsiderTeam = await makeTeam();
    const own = await callRoute(createComparison, { method: 'POST', token: await tokenFor(outsiderTeam.owner), params: { teamId: outsiderTeam.team.id }, body: { name: 'x', runIds } });
    expect(own.status).toBe(404);
    const badBaseline = await callRoute(createComparison, { method: 'POST', token: ctx.owner, params: { teamId: ctx.team.id }, body: { name: 'x', runIds, baselineRunId: a[2].runIds[0] } });
    expect(badBaseline.status).toBe(422);
    expect((badBaseline.body.error as { details: { field: string } }).details.field).toBe('baselineRunId');
    const empty = await callRoute(createComparison, { method: 'POST', token: ctx.owner, params: { teamId: ctx.team.id }, body: { name: '', runIds } });
    expect(empty.status).toBe(422);
  });

  it('only the creator or a member with write access changes or deletes; outsiders get 404', async () => {
    const a = await runsOf(ctx.studyA);
    const created = await callRoute(createComparison, { method: 'POST', token: ctx.owner, params: { teamId: ctx.team.id }, body: { name: 'Owner’s', runIds: [...a[1].runIds, ...a[2].runIds] } });
    const id = String(created.body.id);
    // No baseline pinned: each row is measured to its own study's retrain.
    expect(created.body.baselineRunId).toBeNull();
    const byReviewer = await callRoute(patchComparison, { method: 'PATCH', token: ctx.reviewer, params: { comparisonId: id }, body: { name: 'Mine now' } });
    expect(byReviewer.status).toBe(403);
    const byResearcher = await callRoute(patchComparison, { method: 'PATCH', token: ctx.researcher, params: { comparisonId: id }, body: { name: 'Renamed', viewState: { show: 'gap' } } });
    expect(byResearcher.status).toBe(200);
    expect(byResearcher.body).toMatchObject({ name: 'Renamed', viewState: { show: 'gap' } });
    expect((await callRoute(getComparison, { token: ctx.outsider, params: { comparisonId: id } })).status).toBe(404);
    expect((await callRoute(deleteComparison, { method: 'DELETE', token: ctx.outsider, params: { comparisonId: id } })).status).toBe(404);
    expect((await callRoute(deleteComparison, { method: 'DELETE', token: ctx.reviewer, params: { comparisonId: id } })).status).toBe(403);
    expect((await callRoute(deleteComparison, { method: 'DELETE', token: ctx.owner, params: { comparisonId: id } })).status).toBe(204);
    expect((await callRoute(getComparison, { token: ctx.owner, params: { comparisonId: id } })).status).toBe(404);
  });
});
