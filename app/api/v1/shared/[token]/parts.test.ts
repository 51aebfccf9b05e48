/**
 * The parts of a shared dashboard, through the real route handlers: each answers what the
 * team's gated route answers for the shared study or comparison, with the share page's aliases
 * for ids; a bad, revoked or expired token, and anything the share does not show, is 404.
 */
import { eq } from 'drizzle-orm';
import { unzipSync, zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { findResultStudies } from '@/db/queries/comparisons';
import { listRuns } from '@/db/queries/studies';
import { shareLinks } from '@/db/schema';
import { createScenario } from '@/lib/datasets/scenarios';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { createComparison } from '@/lib/results/comparisons-service';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { forgetSetOf, studyResults, type ResultsData } from '@/lib/results/study-results-service';
import { createShareLink, revokeShareLink, SHARE_LINK_GONE } from '@/lib/reviews/service';
import { sharedView } from '@/lib/reviews/shared';
import { studyShareRedactor } from '@/lib/reviews/shared-parts';
import { irisForgetSetosa, makeTeam, tokenFor } from '@/test/factories';
import { GET as teamExport } from '../../studies/[studyId]/export/route';
import { GET as teamPerExample } from '../../studies/[studyId]/per-example/route';
import { GET as teamDistributions } from '../../studies/[studyId]/results/distributions/route';
import { GET as teamForgetExamples } from '../../studies/[studyId]/results/forget-examples/route';
import { GET as teamImage } from '../../datasets/[datasetId]/versions/[version]/images/[row]/route';
import { GET as sharedExport } from './export/route';
import { GET as sharedImage } from './images/[row]/route';
import { GET as sharedPerExample } from './per-example/route';
import { GET as sharedDistributions } from './results/distributions/route';
import { GET as sharedForgetExamples } from './results/forget-examples/route';

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/** Calls a handler as Next.js does and keeps the raw body (files, PNGs) besides the status and headers. */
async function call<P>(handler: Handler<P>, params: P, query = '', token?: string) {
  const req = new Request(`http://lethe.test/api/v1/x${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const res = await handler(req, { params: Promise.resolve(params) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  return { status: res.status, headers: res.headers, bytes, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** A 4x4 greyscale PNG whose pixels depend on `n`, so every row's image differs. */
function png(n: number): Uint8Array {
  const image = new PNG({ width: 4, height: 4 });
  for (let i = 0; i < 16; i++) image.data.set([(n * 16 + i) % 256, (n * 16 + i) % 256, (n * 16 + i) % 256, 255], i * 4);
  return new Uint8Array(PNG.sync.write(image));
}

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { team, owner } = await makeTeam();
  const apiToken = await tokenFor(owner);
  const { scenario } = await irisForgetSetosa(owner, team);
  const seeded = (name: string, methods: string[]) => seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, name, seeds: 2, methods, numClasses: 3, sizes: { forget: 30, retain: 80, test: 40 } });
  const { studyId } = await seeded('Shared study', ['finetune', 'scrub']);
  const { studyId: otherStudyId } = await seeded('Other study', ['finetune']);
  const link = async (targetType: 'study' | 'comparison', targetId: string) => (await createShareLink(owner, team.id, { targetType, targetId })).token;

  // A comparison of the shared study's Fine-tune runs only: each row is measured to its study's own retrain, which it adds.
  const runs = await listRuns(studyId);
  const finetune = runs.filter((r) => r.methodId === 'finetune').map((r) => r.id);
  const comparison = await createComparison(owner, team.id, { name: 'Fine-tune only', runIds: finetune });
  const twoStudies = await createComparison(owner, team.id, { name: 'Two studies', runIds: [...finetune, ...(await listRuns(otherStudyId)).map((r) => r.id)] });

  const revoked = await createShareLink(owner, team.id, { targetType: 'study', targetId: studyId });
  await revokeShareLink(owner, revoked.link.id);
  const expired = await createShareLink(owner, team.id, { targetType: 'study', targetId: studyId, expiresAt: new Date(Date.now() + 60_000) });
  await (await getDb()).update(shareLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(shareLinks.id, expired.link.id));

  // An image dataset (10 images of each of two classes) whose scenario forgets the class "cat".
  const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`${i < 10 ? 'cat' : 'dog'}/${i}.png`, png(i)]));
  const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const images = await createDataset(access, parseUploadOptions({ name: 'Tiny images', format: 'zip', channels: 1 }), [{ role: 'file', name: 'images.zip', source: [zipSync(files)] }]);
  const forgetCats = await createScenario(owner, images.id, { name: 'Forget cats', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['cat'] } });
  const { studyId: imageStudyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: forgetCats.id, name: 'Image study', seeds: 1, methods: [], numClasses: 2, sizes: { forget: 8, retain: 8, test: 4 } });

  return {
    owner,
    apiToken,
    studyId,
    otherStudyId,
    otherRunId: (await listRuns(otherStudyId))[0].id,
    imagesId: images.id,
    imageStudyId,
    tokens: {
      study: await link('study', studyId),
      comparison: await link('comparison', comparison.id),
      twoStudies: await link('comparison', twoStudies.id),
      images: await link('study', imageStudyId),
      revoked: revoked.token,
      expired: expired.token,
      unknown: 'shr_' + 'a'.repeat(43),
    },
  };
}

beforeAll(async () => {
  ctx = await setup();
}, 180_000);

/** The share page's dashboard data behind a token. */
async function sharedResults(token: string): Promise<ResultsData> {
  const view = await sharedView(token);
  if (view.kind === 'benchmark') throw new Error('expected a shared dashboard');
  return view.results;
}

/** A redactor in the state the share's routes use: seeded, then walked over the dashboard data as the page is. */
async function pageRedactor(studyId: string) {
  const redactor = await studyShareRedactor(studyId);
  redactor.redact({ ...(await studyResults(ctx.owner, studyId)), teamId: '' });
  return redactor;
}

/** Refused like the share page refuses: 404 with the one message for unknown, revoked and expired links. */
async function expectGone(res: { status: number; json: () => Record<string, unknown> }) {
  expect(res.status).toBe(404);
  expect((res.json().error as { message: string }).message).toBe(SHARE_LINK_GONE);
}

const badTokens = () => [ctx.tokens.unknown, ctx.tokens.revoked, ctx.tokens.expired, 'not-a-token'];

describe('GET /api/v1/shared/{token}/export', () => {
  it('is the team export of the study (means, per seed, JSON), ids aliased as on the share page', async () => {
    const redactor = await pageRedactor(ctx.studyId);
    for (const query of ['', '?format=csv&rows=seeds', '?format=json', '?format=json&cols=accuracy.test', '?format=csv&cols=accuracy.test,accuracy.forget']) {
      const team = await call(teamExport, { studyId: ctx.studyId }, query, ctx.apiToken);
      const shared = await call(sharedExport, { token: ctx.tokens.study }, query);
      expect(team.status).toBe(200);
      expect(shared.status).toBe(200);
      expect(shared.headers.get('content-disposition')).toBe(team.headers.get('content-disposition'));
      expect(shared.headers.get('content-type')).toBe(team.headers.get('content-type'));
      expect(shared.text).toBe(redactor.redact(team.text));
      expect(shared.text).not.toContain(ctx.studyId);
    }
  });

  it('exports a shared comparison with one line per run, each run under its alias on the share page', async () => {
    const res = await call(sharedExport, { token: ctx.tokens.comparison }, '?format=csv&rows=seeds');
    expect(res.status).toBe(200);
    const shown = (await sharedResults(ctx.tokens.comparison)).table.rows.flatMap((r) => r.runIds);
    // Two Fine-tune runs and the two retrains the comparison adds; no other run of the study.
    expect(shown).toHaveLength(4);
    for (const alias of shown) expect(res.text).toContain(`,${alias},`);
    expect(res.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(res.text).not.toContain('Scrub');
  });

  it('answers 404 to a bad, revoked or expired token, and 422 to a bad format', async () => {
    for (const token of badTokens()) await expectGone(await call(sharedExport, { token }));
    const bad = await call(sharedExport, { token: ctx.tokens.study }, '?format=xml');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('format: must be csv or json');
  });
});

describe('GET /api/v1/shared/{token}/per-example', () => {
  it('is the team file of the study (CSV, NPY ZIP), ids aliased', async () => {
    const redactor = await studyShareRedactor(ctx.studyId);
    const team = await call(teamPerExample, { studyId: ctx.studyId }, '?format=csv', ctx.apiToken);
    const shared = await call(sharedPerExample, { token: ctx.tokens.study }, '?format=csv');
    expect(shared.status).toBe(200);
    expect(shared.headers.get('content-disposition')).toBe(team.headers.get('content-disposition'));
    expect(shared.text).toBe(redactor.redact(team.text));
    expect(shared.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const zip = await call(sharedPerExample, { token: ctx.tokens.study }, '?format=npy');
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const teamZip = unzipSync((await call(teamPerExample, { studyId: ctx.studyId }, '?format=npy', ctx.apiToken)).bytes);
    const sharedZip = unzipSync(zip.bytes);
    // The same arrays under the same names, with ids aliased (in names and in the manifest).
    expect(Object.keys(sharedZip).sort()).toEqual(Object.keys(teamZip).map((n) => redactor.redact(n)).sort());
    for (const [name, bytes] of Object.entries(teamZip)) {
      const mine = sharedZip[redactor.redact(name)];
      if (name.endsWith('.json')) expect(JSON.parse(new TextDecoder().decode(mine))).toEqual(redactor.redact(JSON.parse(new TextDecoder().decode(bytes))));
      else expect(mine).toEqual(bytes);
    }
    expect(JSON.stringify(Object.keys(sharedZip))).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('answers 404 to a bad token and to a shared comparison (the team offers the file for studies only)', async () => {
    for (const token of badTokens()) await expectGone(await call(sharedPerExample, { token }));
    const comparison = await call(sharedPerExample, { token: ctx.tokens.comparison });
    expect(comparison.status).toBe(404);
    expect(comparison.text).toContain('A shared comparison has no per-example file');
  });
});

describe('GET /api/v1/shared/{token}/results/distributions', () => {
  it('is the team histograms of a run the share page shows, asked for by its alias', async () => {
    const shared = await sharedResults(ctx.tokens.study);
    const teamRow = (await studyResults(ctx.owner, ctx.studyId)).table.rows.find((r) => r.methodId === 'scrub')!;
    const alias = shared.table.rows.find((r) => r.methodId === 'scrub')!.runIds[1];
    const redactor = await pageRedactor(ctx.studyId);
    expect(redactor.idOf(alias)).toBe(teamRow.runIds[1]);
    const team = await call(teamDistributions, { studyId: ctx.studyId }, `?runId=${teamRow.runIds[1]}`, ctx.apiToken);
    const res = await call(sharedDistributions, { token: ctx.tokens.study }, `?runId=${alias}`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual(redactor.redact(team.json()));
    expect(res.json().runId).toBe(alias);
  });

  it('serves a retrain a shared comparison adds, and nothing of the study it does not show', async () => {
    const shared = await sharedResults(ctx.tokens.comparison);
    const retrain = shared.table.rows.find((r) => r.kind === 'retrain')!.runIds[0];
    expect((await call(sharedDistributions, { token: ctx.tokens.comparison }, `?runId=${retrain}`)).status).toBe(200);
    // Aliases belong to one share: of every alias the comparison's link could be asked for, only
    // its shown runs answer (the study's other runs, such as Scrub's, have none here).
    const shown = new Set(shared.table.rows.flatMap((r) => r.runIds));
    for (let n = 1; n <= 12; n++) {
      const res = await call(sharedDistributions, { token: ctx.tokens.comparison }, `?runId=shared-${n}`);
      expect(res.status).toBe(shown.has(`shared-${n}`) ? 200 : 404);
    }
    expect(shown.size).toBe(4);
  });

  it('answers 404 to another study’s run, a real id, the study’s alias or a bad token; 422 without runId', async () => {
    const realId = (await studyResults(ctx.owner, ctx.studyId)).table.rows[0].runIds[0];
    for (const runId of [ctx.otherRunId, realId, 'shared-1', 'shared-999']) {
      const res = await call(sharedDistributions, { token: ctx.tokens.study }, `?runId=${runId}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('is not one this share shows');
    }
    for (const token of badTokens()) await expectGone(await call(sharedDistributions, { token }, '?runId=shared-2'));
    expect((await call(sharedDistributions, { token: ctx.tokens.study })).status).toBe(422);
  });
});

describe('GET /api/v1/shared/{token}/results/forget-examples', () => {
  it('is the team sample of forget rows and predictions, row keys and run ids as on the share page', async () => {
    const redactor = await pageRedactor(ctx.studyId);
    const team = await call(teamForgetExamples, { studyId: ctx.studyId }, '?seed=1&limit=5', ctx.apiToken);
    const res = await call(sharedForgetExamples, { token: ctx.tokens.study }, '?seed=1&limit=5');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual(redactor.redact(team.json()));
    const keys = (await sharedResults(ctx.tokens.study)).table.rows.map((r) => r.key);
    expect(Object.keys(res.json().runs as Record<string, string>).every((k) => keys.includes(k))).toBe(true);
  });

  it('shows a shared comparison only its own models’ predictions', async () => {
    const res = await call(sharedForgetExamples, { token: ctx.tokens.comparison }, '?limit=3');
    expect(res.status).toBe(200);
    const shown = new Set((await sharedResults(ctx.tokens.comparison)).table.rows.flatMap((r) => r.runIds));
    const used = Object.values(res.json().runs as Record<string, string>);
    expect(used.length).toBeGreaterThan(0);
    for (const alias of used) expect(shown.has(alias)).toBe(true);
  });

  it('answers 404 to a bad token and to a comparison of several studies (no image grid), 422 to a bad limit', async () => {
    for (const token of badTokens()) await expectGone(await call(sharedForgetExamples, { token }));
    expect((await call(sharedForgetExamples, { token: ctx.tokens.twoStudies })).status).toBe(404);
    expect((await call(sharedForgetExamples, { token: ctx.tokens.study }, '?limit=-1')).status).toBe(422);
  });
});

describe('GET /api/v1/shared/{token}/images/{row}', () => {
  it('is the team PNG of a forget-set row of the shared study; another row of the dataset is not found', async () => {
    const [study] = await findResultStudies([ctx.imageStudyId]);
    const { dataset, requests } = await forgetSetOf(study);
    const forget = new Set(requests.flatMap((rows) => [...rows]));
    const inside = [...forget].slice(0, 2);
    // A cat in the test split is of the forgotten class but not in the forget set; a dog never is.
    const outside = Array.from({ length: dataset.rowCount }, (_, r) => r).filter((r) => !forget.has(r));
    expect(inside.length).toBe(2);
    expect(outside.length).toBeGreaterThan(10);
    for (const row of inside.map(String).concat(`${inside[0]}.png`)) {
      const team = await call(teamImage, { datasetId: ctx.imagesId, version: '1', row }, '', ctx.apiToken);
      const res = await call(sharedImage, { token: ctx.tokens.images, row });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.bytes).toEqual(team.bytes);
    }
    for (const row of outside) {
      const res = await call(sharedImage, { token: ctx.tokens.images, row: String(row) });
      expect(res.status).toBe(404);
      expect(res.text).toContain('is not in the forget set of this share');
    }
  });

  it('answers 404 to a row past the dataset, to a tabular study, and to a bad token', async () => {
    for (const row of ['20', '-1', 'x']) expect((await call(sharedImage, { token: ctx.tokens.images, row })).status).toBe(404);
    const iris = await call(sharedImage, { token: ctx.tokens.study, row: '0' });
    expect(iris.status).toBe(404);
    expect(iris.text).toContain('This dataset has no images.');
    for (const token of badTokens()) await expectGone(await call(sharedImage, { token, row: '0' }));
  });
});
