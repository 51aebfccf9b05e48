/**
 * Benchmarks end to end through the route handlers: team A publishes its Iris scenario; before
 * that the scenario's package is another team's private data (404), after it every signed-in
 * user downloads it. Teams B and C create external studies on it, upload logits computed here on
 * the downloaded package (B's method predicts exactly what B's retrain predicts, C's keeps the
 * forgotten class), and submit them; the leaderboard ranks B before C on the forget-accuracy gap
 * (0 against 1 on every seed) with N, links each entry to a working share page, and A's
 * reviewer verifies. Refusals: reviewers cannot publish or submit, only A's owners and
 * reviewers verify, only the submitting team withdraws, bad input is 4xx naming the field.
 * Withdrawing the benchmark hides it (and its package) from other teams again, except from
 * teams with a study on its scenario.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@/db/queries/audit';
import { findScenario } from '@/db/queries/scenarios';
import { createScenario } from '@/lib/datasets/scenarios';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { npyBytes } from '@/lib/data/npy';
import { closeUploadPool } from '@/lib/jobs/upload-pool';
import { createShareLink } from '@/lib/reviews/service';
import { sharedView } from '@/lib/reviews/shared';
import { callRoute, makeTeam, tokenFor } from '@/test/factories';
import { packageArrays } from '@/test/package-arrays';
import { GET as getPackage } from '../scenarios/[scenarioId]/package/route';
import { POST as uploadRun } from '../studies/[studyId]/external-runs/route';
import { POST as createStudy } from '../teams/[teamId]/studies/route';
import { POST as publish } from '../teams/[teamId]/benchmarks/route';
import { DELETE as withdrawBenchmark, GET as getBenchmark } from './[benchmarkId]/route';
import { DELETE as withdrawEntry, PATCH as verifyEntry } from './[benchmarkId]/entries/[entryId]/route';
import { POST as submit } from './[benchmarkId]/entries/route';
import { GET as listBenchmarks } from './route';

const IRIS = path.resolve(import.meta.dirname, '../../../../db/seed-data/iris.csv');

interface Line {
  entryId: string;
  teamName: string;
  method: string;
  n: number;
  rank: number | null;
  tied: boolean;
  verified: boolean;
  dashboardUrl: string | null;
  unranked: string | null;
  mine: boolean;
  stats: Record<string, { mean: number; ciLow: number; ciHigh: number; n: number } | null>;
}
interface BenchmarkBody {
  id: string;
  name: string;
  withdrawnAt: string | null;
  recipe: { seeds: number[]; metrics: string[]; criterion: { metric: string; direction: string } };
  leaderboard: { lines: Line[]; rule: string };
  viewer: { member: boolean; canVerify: boolean; canWithdraw: boolean };
}

type Tokens = Record<'aOwner' | 'aResearcher' | 'aReviewer' | 'bOwner' | 'bReviewer' | 'cOwner' | 'dOwner', string>;

let ctx: {
  tokens: Tokens;
  teams: { a: string; b: string; c: string };
  aOwner: Awaited<ReturnType<typeof makeTeam>>['owner'];
  scenarioId: string;
  privateScenarioId: string;
  benchmarkId: string;
  studies: { bExact: string; bEmpty: string; bPartial: string; cKeeps: string };
};

const RECIPE = { seeds: [0, 1, 2], metrics: ['gap.accuracy.test', 'averageGap'], criterion: { metric: 'gap.accuracy.forget', direction: 'lower' } };

async function downloadPackage(token: string, scenarioId: string) {
  const res = await getPackage(new Request(`http://localhost/api/v1/scenarios/${scenarioId}/package`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ scenarioId }) });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** One-hot-ish logits (5 for the predicted class) of the given predictions, float64. */
function logitsOf(predicted: number[], classes: number): Uint8Array {
  const out = new Float64Array(predicted.length * classes);
  predicted.forEach((p, i) => (out[i * classes + p] = 5));
  return npyBytes(out, [predicted.length, classes]);
}

async function upload(token: string, studyId: string, options: Record<string, unknown>, files: { train: Uint8Array; test: Uint8Array }) {
  const form = new FormData();
  form.append('options', JSON.stringify(options));
  form.append('logits_train', new Blob([files.train as Uint8Array<ArrayBuffer>]), 'logits_train.npy');
  form.append('logits_test', new Blob([files.test as Uint8Array<ArrayBuffer>]), 'logits_test.npy');
  const res = await uploadRun(new Request(`http://localhost/api/v1/studies/${studyId}/external-runs`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }), { params: Promise.resolve({ studyId }) });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
}

async function externalStudy(token: string, teamId: string, scenarioId: string, name: string) {
  return callRoute(createStudy, { method: 'POST', token, params: { teamId }, body: { external: true, name, description: 'Predictions written by the test.', scenarioId } });
}

const get = (token: string, benchmarkId = ctx.benchmarkId) => callRoute(getBenchmark, { token, params: { benchmarkId } });
const submitStudy = (token: string, studyId: unknown, benchmarkId = ctx.benchmarkId) => callRoute(submit, { method: 'POST', token, params: { benchmarkId }, body: { studyId } });
const linesOf = async (token: string) => ((await get(token)).body.benchmark as BenchmarkBody).leaderboard.lines;

afterAll(async () => {
  await closeUploadPool();
});

beforeAll(async () => {
  const a = await makeTeam(['researcher', 'reviewer']);
  const b = await makeTeam(['reviewer']);
  const c = await makeTeam();
  const d = await makeTeam();
  const access = { actor: a.owner, teamId: a.team.id, teamName: a.team.name, role: 'owner' as const };
  const dataset = await createDataset(access, parseUploadOptions({ name: 'Iris' }), [{ role: 'file', name: 'iris.csv', source: [fs.readFileSync(IRIS)] }]);
  const scenario = await createScenario(a.owner, dataset.id, { name: 'Forget setosa', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['setosa'] } });
  const privateScenario = await createScenario(a.owner, dataset.id, { name: 'Private: forget a fifth', category: 'privacy', seed: 5, selector: { kind: 'randomFraction', fraction: 0.2 } });
  ctx = {
    tokens: {
      aOwner: await tokenFor(a.owner),
      aResearcher: await tokenFor(a.members.researcher),
      aReviewer: await tokenFor(a.members.reviewer),
      bOwner: await tokenFor(b.owner),
      bReviewer: await tokenFor(b.members.reviewer),
      cOwner: await tokenFor(c.owner),
      dOwner: await tokenFor(d.owner),
    },
    teams: { a: a.team.id, b: b.team.id, c: c.team.id },
    aOwner: a.owner,
    scenarioId: scenario.id,
    privateScenarioId: privateScenario.id,
    benchmarkId: '',
    studies: { bExact: '', bEmpty: '', bPartial: '', cKeeps: '' },
  };
}, 120_000);

describe('benchmarks', () => {
  it('before publishing, another team gets 404 for the scenario package and cannot build a study on it', async () => {
    expect((await downloadPackage(ctx.tokens.bOwner, ctx.scenarioId)).status).toBe(404);
    expect((await externalStudy(ctx.tokens.bOwner, ctx.teams.b, ctx.scenarioId, 'Too early')).status).toBe(404);
  });

  it('refuses to publish for reviewers and researchers, for another team’s scenario, and with a bad recipe (422 naming the field)', async () => {
    const body = { scenarioId: ctx.scenarioId, name: 'Iris: forget setosa', recipe: RECIPE };
    expect((await callRoute(publish, { method: 'POST', token: ctx.tokens.aReviewer, params: { teamId: ctx.teams.a }, body })).status).toBe(403);
    expect((await callRoute(publish, { method: 'POST', token: ctx.tokens.aResearcher, params: { teamId: ctx.teams.a }, body })).status).toBe(403);
    const foreign = await callRoute(publish, { method: 'POST', token: ctx.tokens.bOwner, params: { teamId: ctx.teams.b }, body });
    expect(foreign.status).toBe(404);
    const bad = async (recipe: unknown, field: string, message: RegExp) => {
      const res = await callRoute(publish, { method: 'POST', token: ctx.tokens.aOwner, params: { teamId: ctx.teams.a }, body: { ...body, recipe } });
      expect(res.status).toBe(422);
      const error = res.body.error as { message: string; details: { field: string } };
      expect(error.details.field).toBe(field);
      expect(error.message).toMatch(message);
    };
    await bad({ ...RECIPE, seeds: [0] }, 'recipe.seeds', /at least 2 seeds/);
    await bad({ ...RECIPE, seeds: [0, 0, 1] }, 'recipe.seeds', /once/);
    await bad({ ...RECIPE, metrics: ['distinguishability.forgetQuality'] }, 'recipe.metrics.0', /Unknown metric/);
    await bad({ ...RECIPE, criterion: { metric: 'gap.accuracy.forget', direction: 'higher' } }, 'recipe.criterion.direction', /better lower/);
    await bad({ ...RECIPE, criterion: { metric: 'gap.accuracy.forget', direction: 'sideways' } }, 'recipe.criterion.direction', /lower or higher/);
    const noName = await callRoute(publish, { method: 'POST', token: ctx.tokens.aOwner, params: { teamId: ctx.teams.a }, body: { ...body, name: ' ' } });
    expect((noName.body.error as { details: { field: string } }).details.field).toBe('name');
    expect((await listAudit({ teamId: ctx.teams.a })).some((e) => e.action === 'benchmark.published')).toBe(false);
  });

  it('an owner publishes: the recipe is stored with the criterion first, the scenario locked, the publication audited', async () => {
    const res = await callRoute(publish, { method: 'POST', token: ctx.tokens.aOwner, params: { teamId: ctx.teams.a }, body: { scenarioId: ctx.scenarioId, name: 'Iris: forget setosa', description: 'Forget the class setosa.', recipe: RECIPE } });
    expect(res.status).toBe(201);
    const benchmark = res.body.benchmark as BenchmarkBody;
    expect(benchmark.recipe).toEqual({ seeds: [0, 1, 2], metrics: ['gap.accuracy.forget', 'gap.accuracy.test', 'averageGap'], criterion: { metric: 'gap.accuracy.forget', direction: 'lower' } });
    ctx.benchmarkId = benchmark.id;
    expect((await findScenario(ctx.scenarioId))?.lockedAt).not.toBeNull();
    expect((await listAudit({ teamId: ctx.teams.a })).some((e) => e.action === 'benchmark.published' && e.targetId === benchmark.id)).toBe(true);
  });

  it('once published, every signed-in user lists it, reads it and downloads its package; the team’s other scenarios stay 404', async () => {
    const list = await callRoute(listBenchmarks, { token: ctx.tokens.dOwner });
    expect((list.body.benchmarks as BenchmarkBody[]).map((b) => b.id)).toContain(ctx.benchmarkId);
    expect((await callRoute(listBenchmarks, {})).status).toBe(401);
    const view = await get(ctx.tokens.dOwner);
    expect(view.status).toBe(200);
    expect((view.body.benchmark as BenchmarkBody).leaderboard.lines).toEqual([]);
    expect((view.body.benchmark as BenchmarkBody).viewer).toMatchObject({ member: false, canVerify: false, canWithdraw: false });
    const pkg = await downloadPackage(ctx.tokens.bReviewer, ctx.scenarioId);
    expect(pkg.status).toBe(200);
    expect(Object.keys(unzipSync(pkg.bytes))).toContain('forget.npy');
    expect((await downloadPackage(ctx.tokens.bOwner, ctx.privateScenarioId)).status).toBe(404);
    expect((await externalStudy(ctx.tokens.bOwner, ctx.teams.b, ctx.privateScenarioId, 'Private')).status).toBe(404);
  });

  it('teams B and C build external studies on the package and upload their runs', async () => {
    const pkg = await packageArrays((await downloadPackage(ctx.tokens.cOwner, ctx.scenarioId)).bytes);
    const [yTrain, yTest, forget] = [pkg.yTrain, pkg.yTest, pkg.forget].map((a) => Array.from(a, Number));
    const k = pkg.classes;
    const forgotten = new Set(forget);
    // The retrain never saw setosa: it calls those training rows the next class.
    const retrain = { train: logitsOf(yTrain.map((y, i) => (forgotten.has(i) ? (y + 1) % k : y)), k), test: logitsOf(yTest, k) };
    const keeps = { train: logitsOf(yTrain, k), test: logitsOf(yTest, k) };
    const study = async (token: string, teamId: string, name: string) => {
      const res = await externalStudy(token, teamId, ctx.scenarioId, name);
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    };
    ctx.studies.bExact = await study(ctx.tokens.bOwner, ctx.teams.b, 'Exact unlearning');
    ctx.studies.bEmpty = await study(ctx.tokens.bOwner, ctx.teams.b, 'Nothing uploaded');
    ctx.studies.bPartial = await study(ctx.tokens.bOwner, ctx.teams.b, 'Two seeds only');
    ctx.studies.cKeeps = await study(ctx.tokens.cOwner, ctx.teams.c, 'Keeps the class');
    for (const seed of [0, 1, 2]) {
      await upload(ctx.tokens.bOwner, ctx.studies.bExact, { role: 'retrain', seed }, retrain);
      await upload(ctx.tokens.bOwner, ctx.studies.bExact, { role: 'unlearned', seed, method: 'Exact' }, retrain);
      await upload(ctx.tokens.cOwner, ctx.studies.cKeeps, { role: 'retrain', seed }, retrain);
      await upload(ctx.tokens.cOwner, ctx.studies.cKeeps, { role: 'unlearned', seed, method: 'Keeps' }, keeps);
    }
    for (const seed of [0, 1]) {
      await upload(ctx.tokens.bOwner, ctx.studies.bPartial, { role: 'retrain', seed }, retrain);
      await upload(ctx.tokens.bOwner, ctx.studies.bPartial, { role: 'unlearned', seed, method: 'Half done' }, keeps);
    }
  }, 180_000);

  it('refuses entries that cannot be ranked, with 4xx naming studyId', async () => {
    const refused = async (token: string, studyId: unknown, status: number, message?: RegExp) => {
      const res = await submitStudy(token, studyId);
      expect(res.status).toBe(status);
      if (message) expect((res.body.error as { message: string }).message).toMatch(message);
      if (status === 422) expect((res.body.error as { details: { field?: string; issues?: Array<{ field: string }> } }).details.field ?? (res.body.error as { details: { issues: Array<{ field: string }> } }).details.issues[0].field).toBe('studyId');
    };
    await refused(ctx.tokens.bOwner, 'not-a-uuid', 422, /studyId/);
    await refused(ctx.tokens.bOwner, ctx.studies.bEmpty, 422, /no uploaded method runs/);
    await refused(ctx.tokens.bOwner, ctx.studies.bPartial, 422, /Half done \(external\) lacks seed 2/);
    // A reviewer may not submit; another team's study is not found.
    await refused(ctx.tokens.bReviewer, ctx.studies.bExact, 403);
    await refused(ctx.tokens.cOwner, ctx.studies.bExact, 404);
    // A study on another scenario.
    const other = await externalStudy(ctx.tokens.aOwner, ctx.teams.a, ctx.privateScenarioId, 'Elsewhere');
    const res = await submitStudy(ctx.tokens.aOwner, (other.body as { id: string }).id);
    expect(res.status).toBe(422);
    expect((res.body.error as { message: string }).message).toMatch(/another scenario/);
  });

  it('B and C submit; the leaderboard ranks B first with N, links each entry to a working read-only dashboard', async () => {
    const b = await submitStudy(ctx.tokens.bOwner, ctx.studies.bExact);
    expect(b.status).toBe(201);
    expect((await submitStudy(ctx.tokens.bOwner, ctx.studies.bExact)).status).toBe(409);
    expect((await submitStudy(ctx.tokens.cOwner, ctx.studies.cKeeps)).status).toBe(201);
    const lines = await linesOf(ctx.tokens.dOwner);
    expect(lines.map((l) => [l.method, l.rank, l.tied, l.n])).toEqual([
      ['Exact (external)', 1, false, 3],
      ['Keeps (external)', 2, false, 3],
    ]);
    expect(lines[0].stats['gap.accuracy.forget']).toMatchObject({ mean: 0, ciLow: 0, ciHigh: 0, n: 3 });
    expect(lines[1].stats['gap.accuracy.forget']).toMatchObject({ mean: 1, n: 3 });
    expect(lines.map((l) => l.mine)).toEqual([false, false]);
    expect((await linesOf(ctx.tokens.bOwner)).map((l) => l.mine)).toEqual([true, false]);
    for (const line of lines) {
      expect(line.dashboardUrl).toMatch(/^\/share\/shr_/);
      const shared = await sharedView(line.dashboardUrl!.slice('/share/'.length));
      expect(shared.kind).toBe('study');
      expect(shared.name).toBe(line.method === 'Exact (external)' ? 'Exact unlearning' : 'Keeps the class');
    }
    expect((await listAudit({ teamId: ctx.teams.b })).map((e) => e.action)).toEqual(expect.arrayContaining(['benchmark.entry_submitted', 'share.created']));
  });

  it('only the benchmark team’s owners and reviewers verify (audited)', async () => {
    const [exact] = await linesOf(ctx.tokens.aOwner);
    const verify = (token: string, verified: unknown) => callRoute(verifyEntry, { method: 'PATCH', token, params: { benchmarkId: ctx.benchmarkId, entryId: exact.entryId }, body: { verified } });
    expect((await verify(ctx.tokens.bOwner, true)).status).toBe(403);
    expect((await verify(ctx.tokens.aResearcher, true)).status).toBe(403);
    expect((await verify(ctx.tokens.aReviewer, 'yes')).status).toBe(422);
    expect((await verify(ctx.tokens.aReviewer, true)).status).toBe(200);
    expect((await linesOf(ctx.tokens.dOwner))[0].verified).toBe(true);
    expect((await verify(ctx.tokens.aOwner, false)).status).toBe(200);
    expect((await linesOf(ctx.tokens.dOwner))[0].verified).toBe(false);
    const actions = (await listAudit({ teamId: ctx.teams.a })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['benchmark.entry_verified', 'benchmark.entry_unverified']));
    // An entry id of another benchmark's path is not found.
    expect((await callRoute(verifyEntry, { method: 'PATCH', token: ctx.tokens.aOwner, params: { benchmarkId: crypto.randomUUID(), entryId: exact.entryId }, body: { verified: true } })).status).toBe(404);
  });

  it('a benchmark share link shows the benchmark and leaderboard to anyone, without ids of teams or entries', async () => {
    const { token } = await createShareLink(ctx.aOwner, ctx.teams.a, { targetType: 'benchmark', targetId: ctx.benchmarkId });
    const shared = await sharedView(token);
    if (shared.kind !== 'benchmark') throw new Error('expected a benchmark');
    expect(shared.leaderboard.lines.map((l) => [l.entryId, l.rank])).toEqual([
      ['entry-1', 1],
      ['entry-2', 2],
    ]);
    const text = JSON.stringify(shared);
    for (const id of [ctx.teams.a, ctx.teams.b, ctx.scenarioId, ctx.benchmarkId, ...(await linesOf(ctx.tokens.aOwner)).map((l) => l.entryId)]) expect(text).not.toContain(id);
  });

  it('only the submitting team withdraws an entry; its link stops working', async () => {
    const keeps = (await linesOf(ctx.tokens.cOwner)).find((l) => l.mine);
    if (!keeps?.dashboardUrl) throw new Error('C’s line is missing');
    const withdraw = (token: string) => callRoute(withdrawEntry, { method: 'DELETE', token, params: { benchmarkId: ctx.benchmarkId, entryId: keeps.entryId } });
    expect((await withdraw(ctx.tokens.aOwner)).status).toBe(403);
    expect((await withdraw(ctx.tokens.bOwner)).status).toBe(403);
    expect((await withdraw(ctx.tokens.cOwner)).status).toBe(200);
    expect((await withdraw(ctx.tokens.cOwner)).status).toBe(409);
    await expect(sharedView(keeps.dashboardUrl.slice('/share/'.length))).rejects.toMatchObject({ code: 'not_found' });
    expect((await linesOf(ctx.tokens.dOwner)).map((l) => l.method)).toEqual(['Exact (external)']);
    expect((await listAudit({ teamId: ctx.teams.c })).map((e) => e.action)).toEqual(expect.arrayContaining(['benchmark.entry_withdrawn', 'share.revoked']));
  });

  it('withdrawing the benchmark (owners only) hides it and its package from other teams again', async () => {
    const withdraw = (token: string) => callRoute(withdrawBenchmark, { method: 'DELETE', token, params: { benchmarkId: ctx.benchmarkId } });
    expect((await withdraw(ctx.tokens.aResearcher)).status).toBe(403);
    expect((await withdraw(ctx.tokens.cOwner)).status).toBe(403);
    expect((await withdraw(ctx.tokens.aOwner)).status).toBe(200);
    expect((await get(ctx.tokens.dOwner)).status).toBe(404);
    expect((await downloadPackage(ctx.tokens.dOwner, ctx.scenarioId)).status).toBe(404);
    // A team that built a study on it while it was published keeps reading its scenario (its study page needs it).
    expect((await downloadPackage(ctx.tokens.bReviewer, ctx.scenarioId)).status).toBe(200);
    expect(((await callRoute(listBenchmarks, { token: ctx.tokens.dOwner })).body.benchmarks as BenchmarkBody[]).map((b) => b.id)).not.toContain(ctx.benchmarkId);
    const own = await get(ctx.tokens.aReviewer);
    expect(own.status).toBe(200);
    expect((own.body.benchmark as BenchmarkBody).withdrawnAt).not.toBeNull();
    expect((await submitStudy(ctx.tokens.bOwner, ctx.studies.bExact)).status).toBe(404);
    expect((await listAudit({ teamId: ctx.teams.a })).some((e) => e.action === 'benchmark.withdrawn')).toBe(true);
  });
});
