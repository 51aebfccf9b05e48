/**
 * Real answers against the response schemas openapi.json publishes: every route is called
 * through its handler on real data (datasets uploaded, scenarios resolved, studies planned and
 * queued, a finished study seeded without training, an external run uploaded and scored,
 * comments, reviews, share links), and each JSON answer is parsed with the schema its RouteDoc
 * declares. A parse must succeed, and give back exactly the body: zod drops keys a schema does
 * not declare, so an undeclared field anywhere in an answer fails here too. Non-JSON answers
 * must carry a media type their RouteDoc lists. The last test checks that every JSON route was
 * validated at least once and every file or stream route was seen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runGroupsJson, type RunsTableJson } from '@/app/_components/studies/study-format';
import { getDb } from '@/db/client';
import { listRuns } from '@/db/queries/studies';
import { users } from '@/db/schema';
import { npyBytes } from '@/lib/data/npy';
import { closeUploadPool } from '@/lib/jobs/upload-pool';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { irisForgetSetosa, makeTeam, makeUser, TEST_PASSWORD, tokenFor } from '@/test/factories';
import { packageArrays } from '@/test/package-arrays';
import { routeDocs, type RouteDoc } from './openapi';
import * as adminAudit from '../admin/audit/route';
import * as adminUsers from '../admin/users/route';
import * as adminUser from '../admin/users/[userId]/route';
import * as authToken from '../auth/token/route';
import * as benchmarkList from '../benchmarks/route';
import * as benchmark from '../benchmarks/[benchmarkId]/route';
import * as benchmarkEntries from '../benchmarks/[benchmarkId]/entries/route';
import * as benchmarkEntry from '../benchmarks/[benchmarkId]/entries/[entryId]/route';
import * as comment from '../comments/[commentId]/route';
import * as comparison from '../comparisons/[comparisonId]/route';
import * as comparisonComments from '../comparisons/[comparisonId]/comments/route';
import * as comparisonExport from '../comparisons/[comparisonId]/export/route';
import * as dataset from '../datasets/[datasetId]/route';
import * as scenarios from '../datasets/[datasetId]/scenarios/route';
import * as scenarioPreview from '../datasets/[datasetId]/scenarios/preview/route';
import * as versions from '../datasets/[datasetId]/versions/route';
import * as versionImage from '../datasets/[datasetId]/versions/[version]/images/[row]/route';
import * as versionRows from '../datasets/[datasetId]/versions/[version]/rows/route';
import * as accept from '../invitations/accept/route';
import * as me from '../me/route';
import * as methods from '../methods/route';
import * as openapiJson from '../openapi.json/route';
import * as run from '../runs/[runId]/route';
import * as runCancel from '../runs/[runId]/cancel/route';
import * as runComments from '../runs/[runId]/comments/route';
import * as runRetry from '../runs/[runId]/retry/route';
import * as scenario from '../scenarios/[scenarioId]/route';
import * as scenarioDuplicate from '../scenarios/[scenarioId]/duplicate/route';
import * as scenarioPackage from '../scenarios/[scenarioId]/package/route';
import * as shareLink from '../share-links/[linkId]/route';
import * as shared from '../shared/[token]/route';
import * as sharedExport from '../shared/[token]/export/route';
import * as sharedImage from '../shared/[token]/images/[row]/route';
import * as sharedPerExample from '../shared/[token]/per-example/route';
import * as sharedDistributions from '../shared/[token]/results/distributions/route';
import * as sharedForgetExamples from '../shared/[token]/results/forget-examples/route';
import * as study from '../studies/[studyId]/route';
import * as studyCancel from '../studies/[studyId]/cancel/route';
import * as studyComments from '../studies/[studyId]/comments/route';
import * as studyEvents from '../studies/[studyId]/events/route';
import * as studyExport from '../studies/[studyId]/export/route';
import * as externalRuns from '../studies/[studyId]/external-runs/route';
import * as perExample from '../studies/[studyId]/per-example/route';
import * as reproduce from '../studies/[studyId]/reproduce/route';
import * as results from '../studies/[studyId]/results/route';
import * as distributions from '../studies/[studyId]/results/distributions/route';
import * as forgetExamples from '../studies/[studyId]/results/forget-examples/route';
import * as review from '../studies/[studyId]/review/route';
import * as runsTable from '../studies/[studyId]/runs-table/route';
import * as teams from '../teams/route';
import * as audit from '../teams/[teamId]/audit/route';
import * as teamBenchmarks from '../teams/[teamId]/benchmarks/route';
import * as comparisons from '../teams/[teamId]/comparisons/route';
import * as candidates from '../teams/[teamId]/comparisons/candidates/route';
import * as selection from '../teams/[teamId]/comparisons/results/route';
import * as datasets from '../teams/[teamId]/datasets/route';
import * as csvPreview from '../teams/[teamId]/datasets/preview/route';
import * as invitations from '../teams/[teamId]/invitations/route';
import * as jobs from '../teams/[teamId]/jobs/route';
import * as members from '../teams/[teamId]/members/route';
import * as member from '../teams/[teamId]/members/[userId]/route';
import * as shareLinks from '../teams/[teamId]/share-links/route';
import * as studies from '../teams/[teamId]/studies/route';
import * as plan from '../teams/[teamId]/studies/plan/route';
import * as tokens from '../tokens/route';
import * as token from '../tokens/[tokenId]/route';

type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;
type Json = Record<string, unknown>;

const IRIS = path.resolve(import.meta.dirname, '../../../../db/seed-data/iris.csv');
const DOCS = new Map(routeDocs().map((r) => [`${r.method} ${r.path}`, r]));
/** JSON answers validated against their declared schema, and file/stream answers seen, by "method path". */
const validated = new Set<string>();
const seenMedia = new Set<string>();

interface CallOptions {
  params?: Record<string, string>;
  token?: string;
  query?: string;
  body?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
}

/** Substitutes the path parameters, for a request URL that reads like the real one. */
function urlOf(docPath: string, params: Record<string, string>, query = ''): string {
  return `http://lethe.test${docPath.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? name)}${query}`;
}

/**
 * Calls a handler as Next.js does and checks the answer against its RouteDoc: a declared success
 * status; JSON parsed by the declared response schema to exactly the body; other answers of a
 * declared media type. Returns the JSON body (or, for files and streams, the raw bytes).
 */
async function answer(key: string, handler: unknown, options: CallOptions = {}): Promise<{ status: number; json: Json; bytes: Uint8Array }> {
  const [method, docPath] = key.split(' ');
  const doc: RouteDoc | undefined = DOCS.get(key);
  if (!doc) throw new Error(`${key} is not in openapi.ts`);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(urlOf(docPath, options.params ?? {}, options.query), {
    method: method.toUpperCase(),
    headers,
    body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const res = await (handler as Handler)(req, { params: Promise.resolve(options.params ?? {}) as Promise<never> });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const codes = Array.isArray(doc.success) ? doc.success : [doc.success];
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
  // An NDJSON progress stream answers 200 at once (the status is in its last line).
  const allowed = type === 'application/x-ndjson' ? [200] : codes;
  expect(allowed, `${key} answered ${res.status}: ${text.slice(0, 500)}`).toContain(res.status);
  if (res.status === 204) {
    expect(text).toBe('');
    seenMedia.add(key);
    return { status: res.status, json: {}, bytes };
  }
  if (type === 'application/json') {
    expect(doc.response, `${key} answers JSON but declares no response schema`).toBeDefined();
    const body = JSON.parse(text) as Json;
    const parsed = (doc.response as z.ZodType).safeParse(body);
    expect(parsed.success, `${key}: ${parsed.success ? '' : z.prettifyError(parsed.error)}`).toBe(true);
    expect(parsed.data, `${key}: the answer has keys its schema does not declare`).toEqual(body);
    validated.add(key);
    return { status: res.status, json: body, bytes };
  }
  expect(doc.media ?? [], `${key} answered ${type}`).toContain(type);
  seenMedia.add(key);
  return { status: res.status, json: {}, bytes };
}

/** A 4x4 greyscale PNG whose pixels depend on `n`. */
function png(n: number): Uint8Array {
  const image = new PNG({ width: 4, height: 4 });
  for (let i = 0; i < 16; i++) image.data.set([(n * 16 + i) % 256, (n * 16 + i) % 256, (n * 16 + i) % 256, 255], i * 4);
  return new Uint8Array(PNG.sync.write(image));
}

/** Uploads confident, right-for-the-label logits of the scenario's package rows (a perfect model) as an external run. */
async function uploadPerfectLogits(token: string, studyId: string, scenarioId: string, options: Json) {
  const pkg = await answer('get /api/v1/scenarios/{scenarioId}/package', scenarioPackage.GET, { token, params: { scenarioId } });
  const { yTrain, yTest, classes: k } = await packageArrays(pkg.bytes);
  const logits = (y: BigInt64Array) => npyBytes(Float64Array.from({ length: y.length * k }, (_, i) => (BigInt(i % k) === y[Math.floor(i / k)] ? 4 : 0)), [y.length, k]);
  const form = new FormData();
  form.append('options', JSON.stringify(options));
  form.append('logits_train', new Blob([logits(yTrain) as BlobPart]), 'train.npy');
  form.append('logits_test', new Blob([logits(yTest) as BlobPart]), 'test.npy');
  return answer('post /api/v1/studies/{studyId}/external-runs', externalRuns.POST, { token, params: { studyId }, raw: form });
}

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { team, owner, members: roles } = await makeTeam(['researcher', 'reviewer']);
  const admin = await makeUser('admin');
  await (await getDb()).update(users).set({ isAdmin: true }).where(eq(users.id, admin.id));
  const { dataset: iris, scenario: forgetSetosa } = await irisForgetSetosa(owner, team);
  const finished = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: forgetSetosa.id, name: 'Finished', seeds: 2, methods: ['finetune', 'scrub'], numClasses: 3, sizes: { forget: 30, retain: 80, test: 40 }, groups: 2, sweep: { methodId: 'neggrad', setting: 'learningRate', values: [0.001, 0.01] } });
  return {
    team,
    owner,
    irisId: iris.id,
    scenarioId: forgetSetosa.id,
    studyId: finished.studyId,
    runIds: (await listRuns(finished.studyId)).map((r) => r.id),
    tokens: { owner: await tokenFor(owner), researcher: await tokenFor(roles.researcher), reviewer: await tokenFor(roles.reviewer), admin: await tokenFor(admin) },
    reviewerId: roles.reviewer.id,
  };
}

beforeAll(async () => {
  ctx = await setup();
}, 180_000);

afterAll(async () => {
  await closeUploadPool();
});

describe('response schemas against real answers', () => {
  it('auth, tokens, teams, members, invitations and admin', async () => {
    const t = ctx.tokens;
    await answer('get /api/v1/me', me.GET, { token: t.owner });
    await answer('post /api/v1/auth/token', authToken.POST, { body: { email: ctx.owner.email, password: TEST_PASSWORD, name: 'script' } });
    const created = await answer('post /api/v1/tokens', tokens.POST, { token: t.owner, body: { name: 'temporary' } });
    await answer('get /api/v1/tokens', tokens.GET, { token: t.owner });
    await answer('delete /api/v1/tokens/{tokenId}', token.DELETE, { token: t.owner, params: { tokenId: String(created.json.id) } });

    await answer('get /api/v1/teams', teams.GET, { token: t.owner });
    await answer('post /api/v1/teams', teams.POST, { token: t.researcher, body: { name: 'Side project' } });
    await answer('get /api/v1/teams/{teamId}/members', members.GET, { token: t.owner, params: { teamId: ctx.team.id } });

    const newcomer = await makeUser('newcomer');
    const invited = await answer('post /api/v1/teams/{teamId}/invitations', invitations.POST, { token: t.owner, params: { teamId: ctx.team.id }, body: { email: newcomer.email, role: 'reviewer' } });
    await answer('get /api/v1/teams/{teamId}/invitations', invitations.GET, { token: t.owner, params: { teamId: ctx.team.id } });
    await answer('post /api/v1/invitations/accept', accept.POST, { token: await tokenFor(newcomer), body: { token: invited.json.token } });
    await answer('patch /api/v1/teams/{teamId}/members/{userId}', member.PATCH, { token: t.owner, params: { teamId: ctx.team.id, userId: newcomer.id }, body: { role: 'researcher' } });
    await answer('delete /api/v1/teams/{teamId}/members/{userId}', member.DELETE, { token: t.owner, params: { teamId: ctx.team.id, userId: newcomer.id } });

    await answer('get /api/v1/teams/{teamId}/audit', audit.GET, { token: t.owner, params: { teamId: ctx.team.id } });
    await answer('get /api/v1/admin/audit', adminAudit.GET, { token: t.admin, query: '?limit=20' });
    await answer('get /api/v1/admin/users', adminUsers.GET, { token: t.admin });
    await answer('patch /api/v1/admin/users/{userId}', adminUser.PATCH, { token: t.admin, params: { userId: newcomer.id }, body: { change: 'disable' } });
    await answer('get /api/v1/methods', methods.GET, { token: t.reviewer });
    await answer('get /api/v1/openapi.json', openapiJson.GET);
  });

  it('datasets: upload (JSON and NDJSON), preview, details, versions, rows, images', async () => {
    const t = ctx.tokens;
    const teamId = ctx.team.id;
    const form = (name = 'Iris again') => {
      const f = new FormData();
      f.append('options', JSON.stringify({ name }));
      f.append('file', new Blob([fs.readFileSync(IRIS)]), 'iris.csv');
      return f;
    };
    const uploaded = await answer('post /api/v1/teams/{teamId}/datasets', datasets.POST, { token: t.researcher, params: { teamId }, raw: form() });
    expect(uploaded.status).toBe(201);
    const streamed = await answer('post /api/v1/teams/{teamId}/datasets', datasets.POST, { token: t.researcher, params: { teamId }, raw: form('Iris streamed'), headers: { accept: 'application/x-ndjson' } });
    // The stream's last line carries the same 201 body as the plain answer.
    const last = JSON.parse(new TextDecoder().decode(streamed.bytes).trim().split('\n').at(-1) as string) as { type: string; status: number; result: unknown };
    expect(last).toMatchObject({ type: 'done', status: 201 });
    expect(DOCS.get('post /api/v1/teams/{teamId}/datasets')?.response?.safeParse(last.result).success).toBe(true);

    await answer('post /api/v1/teams/{teamId}/datasets/preview', csvPreview.POST, { token: t.researcher, params: { teamId }, raw: fs.readFileSync(IRIS).subarray(0, 400), headers: { 'content-type': 'text/csv' } });
    await answer('get /api/v1/teams/{teamId}/datasets', datasets.GET, { token: t.reviewer, params: { teamId }, query: '?archived=include' });
    const datasetId = String(uploaded.json.id);
    await answer('patch /api/v1/datasets/{datasetId}', dataset.PATCH, { token: t.researcher, params: { datasetId }, body: { description: 'The same flowers.' } });
    await answer('post /api/v1/datasets/{datasetId}/versions', versions.POST, { token: t.researcher, params: { datasetId }, body: { trainFraction: 0.7, note: 'a 70/30 split' } });
    await answer('get /api/v1/datasets/{datasetId}', dataset.GET, { token: t.reviewer, params: { datasetId } });
    await answer('get /api/v1/datasets/{datasetId}/versions', versions.GET, { token: t.reviewer, params: { datasetId } });
    await answer('get /api/v1/datasets/{datasetId}/versions/{version}/rows', versionRows.GET, { token: t.reviewer, params: { datasetId, version: '2' }, query: '?offset=10&limit=5' });
    await answer('delete /api/v1/datasets/{datasetId}', dataset.DELETE, { token: t.owner, params: { datasetId }, query: `?confirm=${encodeURIComponent('Iris again')}` });

    const zip = zipSync(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${i < 6 ? 'cat' : 'dog'}/${i}.png`, png(i)])));
    const images = new FormData();
    images.append('options', JSON.stringify({ name: 'Tiny images', format: 'zip', channels: 1 }));
    images.append('file', new Blob([zip as BlobPart]), 'images.zip');
    const imageSet = await answer('post /api/v1/teams/{teamId}/datasets', datasets.POST, { token: t.researcher, params: { teamId }, raw: images });
    await answer('get /api/v1/datasets/{datasetId}/versions/{version}/images/{row}', versionImage.GET, { token: t.reviewer, params: { datasetId: String(imageSet.json.id), version: '1', row: '0' } });
  });

  it('scenarios: create, preview, read, edit, duplicate, package, delete', async () => {
    const t = ctx.tokens;
    const datasetId = ctx.irisId;
    const spec = { category: 'privacy', seed: 4, selector: { kind: 'randomFraction', fraction: 0.1 }, requests: { kind: 'slices', count: 2 } };
    await answer('post /api/v1/datasets/{datasetId}/scenarios/preview', scenarioPreview.POST, { token: t.researcher, params: { datasetId }, body: spec });
    const poisoned = { category: 'security', seed: 2, selector: { kind: 'class', classes: ['versicolor'] }, injection: { kind: 'labelFlip', fraction: 0.1, fromClass: 'versicolor', toClass: 'virginica' }, identifiedFraction: 0.5 };
    const preview = await answer('post /api/v1/datasets/{datasetId}/scenarios/preview', scenarioPreview.POST, { token: t.researcher, params: { datasetId }, body: poisoned });
    expect(preview.json.poison, 'the preview of a poisoning scenario is checked with its poison part').toBeDefined();
    const created = await answer('post /api/v1/datasets/{datasetId}/scenarios', scenarios.POST, { token: t.researcher, params: { datasetId }, body: { name: 'Two requests', ...spec } });
    const scenarioId = String(created.json.id);
    await answer('get /api/v1/datasets/{datasetId}/scenarios', scenarios.GET, { token: t.reviewer, params: { datasetId } });
    await answer('get /api/v1/scenarios/{scenarioId}', scenario.GET, { token: t.reviewer, params: { scenarioId } });
    const edited = await answer('patch /api/v1/scenarios/{scenarioId}', scenario.PATCH, { token: t.researcher, params: { scenarioId }, body: { name: 'Two slices' } });
    expect(edited.status).toBe(200);
    // The finished study's scenario is locked: the edit is saved as a new one (201).
    const copy = await answer('patch /api/v1/scenarios/{scenarioId}', scenario.PATCH, { token: t.researcher, params: { scenarioId: ctx.scenarioId }, body: { description: 'Edited after use' } });
    expect(copy.status).toBe(201);
    const duplicate = await answer('post /api/v1/scenarios/{scenarioId}/duplicate', scenarioDuplicate.POST, { token: t.researcher, params: { scenarioId }, body: { name: 'Copy' } });
    await answer('get /api/v1/scenarios/{scenarioId}/package', scenarioPackage.GET, { token: t.reviewer, params: { scenarioId }, query: '?format=csv' });
    await answer('delete /api/v1/scenarios/{scenarioId}', scenario.DELETE, { token: t.researcher, params: { scenarioId: String(duplicate.json.id) } });
  });

  it('studies: plan, launch, read, runs table, events, cancel, retry, reproduce, jobs', async () => {
    const t = ctx.tokens;
    const teamId = ctx.team.id;
    const body = { name: 'Queued study', scenarioId: ctx.scenarioId, modelSpec: { kind: 'mlp', hidden: [8] }, recipe: { epochs: 2, batchSize: 16, optimizer: { kind: 'momentum', learningRate: 0.05 } }, seeds: 1, methods: [{ methodId: 'finetune' }] };
    await answer('post /api/v1/teams/{teamId}/studies/plan', plan.POST, { token: t.researcher, params: { teamId }, body });
    const swept = await answer('post /api/v1/teams/{teamId}/studies/plan', plan.POST, { token: t.researcher, params: { teamId }, body: { ...body, methods: [{ methodId: 'finetune', sweep: { learningRate: [0.01, 0.02] } }], validationFraction: 0.2 } });
    expect(swept.json).toMatchObject({ methodConfigurations: 2, validation: { fraction: 0.2, rows: 16 } });
    // Nothing trains in this file: the runs stay queued (no worker runs).
    const launched = await answer('post /api/v1/teams/{teamId}/studies', studies.POST, { token: t.researcher, params: { teamId }, body });
    expect(launched.json.plan).toBeDefined();
    const studyId = String(launched.json.id);
    const queued = (launched.json.runs as Array<{ id: string; kind: string }>).find((r) => r.kind === 'original') as { id: string };
    await answer('post /api/v1/runs/{runId}/cancel', runCancel.POST, { token: t.researcher, params: { runId: queued.id } });
    await answer('post /api/v1/runs/{runId}/retry', runRetry.POST, { token: t.researcher, params: { runId: queued.id } });
    await answer('get /api/v1/teams/{teamId}/jobs', jobs.GET, { token: t.reviewer, params: { teamId }, query: '?status=waiting,queued' });
    await answer('post /api/v1/studies/{studyId}/cancel', studyCancel.POST, { token: t.researcher, params: { studyId } });
    await answer('post /api/v1/studies/{studyId}/reproduce', reproduce.POST, { token: t.researcher, params: { studyId } });
    await answer('get /api/v1/teams/{teamId}/studies', studies.GET, { token: t.reviewer, params: { teamId } });

    // The finished study: runs with metrics, manifests and logs.
    await answer('get /api/v1/studies/{studyId}', study.GET, { token: t.reviewer, params: { studyId: ctx.studyId } });
    await answer('get /api/v1/runs/{runId}', run.GET, { token: t.reviewer, params: { runId: ctx.runIds[0] } });
    const table = await answer('get /api/v1/studies/{studyId}/runs-table', runsTable.GET, { token: t.reviewer, params: { studyId: ctx.studyId } });
    const group = runGroupsJson(table.json as unknown as RunsTableJson, ['finetune', 'scrub']).groups[2].key;
    await answer('get /api/v1/studies/{studyId}/runs-table', runsTable.GET, { token: t.reviewer, params: { studyId: ctx.studyId }, query: `?group=${encodeURIComponent(group)}` });
    await answer('get /api/v1/studies/{studyId}/events', studyEvents.GET, { token: t.reviewer, params: { studyId: ctx.studyId } });
  });

  it('an external study and an uploaded run', async () => {
    const t = ctx.tokens;
    const external = await answer('post /api/v1/teams/{teamId}/studies', studies.POST, { token: t.researcher, params: { teamId: ctx.team.id }, body: { external: true, name: 'Outside method', description: 'A linear model trained elsewhere.', scenarioId: ctx.scenarioId } });
    expect(external.json.plan).toBeUndefined();
    const uploaded = await uploadPerfectLogits(t.researcher, String(external.json.id), ctx.scenarioId, { role: 'retrain', seed: 0, description: 'Retrained without the forget set.' });
    expect(uploaded.json.external).not.toBeNull();
    await answer('get /api/v1/runs/{runId}', run.GET, { token: t.reviewer, params: { runId: String(uploaded.json.id) } });
    await answer('get /api/v1/studies/{studyId}/runs-table', runsTable.GET, { token: t.reviewer, params: { studyId: String(external.json.id) } });
  }, 120_000);

  it('benchmarks: publish, list, read, submit, verify, share, withdraw', async () => {
    const t = ctx.tokens;
    const teamId = ctx.team.id;
    // A scenario of its own: publishing locks it, and the other tests edit theirs.
    const scenario = await answer('post /api/v1/datasets/{datasetId}/scenarios', scenarios.POST, { token: t.researcher, params: { datasetId: ctx.irisId }, body: { name: 'Benchmark: forget virginica', category: 'usability', seed: 4, selector: { kind: 'class', classes: ['virginica'] } } });
    const scenarioId = String(scenario.json.id);
    const external = await answer('post /api/v1/teams/{teamId}/studies', studies.POST, { token: t.researcher, params: { teamId }, body: { external: true, name: 'Entry', description: 'Logits written by the test.', scenarioId } });
    const studyId = String(external.json.id);
    for (const seed of [0, 1]) {
      await uploadPerfectLogits(t.researcher, studyId, scenarioId, { role: 'retrain', seed });
      await uploadPerfectLogits(t.researcher, studyId, scenarioId, { role: 'unlearned', seed, method: 'Exact copy' });
    }
    const recipe = { seeds: [0, 1], metrics: ['gap.accuracy.forget', 'accuracy.test'], criterion: { metric: 'averageGap', direction: 'lower' } };
    const published = await answer('post /api/v1/teams/{teamId}/benchmarks', teamBenchmarks.POST, { token: t.owner, params: { teamId }, body: { scenarioId, name: 'Forget virginica', recipe } });
    const benchmarkId = String((published.json.benchmark as Json).id);
    await answer('get /api/v1/benchmarks', benchmarkList.GET, { token: t.reviewer });
    const entry = await answer('post /api/v1/benchmarks/{benchmarkId}/entries', benchmarkEntries.POST, { token: t.researcher, params: { benchmarkId }, body: { studyId } });
    const entryId = String((entry.json.entry as Json).entryId);
    await answer('patch /api/v1/benchmarks/{benchmarkId}/entries/{entryId}', benchmarkEntry.PATCH, { token: t.reviewer, params: { benchmarkId, entryId }, body: { verified: true } });
    const read = await answer('get /api/v1/benchmarks/{benchmarkId}', benchmark.GET, { token: t.reviewer, params: { benchmarkId } });
    const lines = ((read.json.benchmark as Json).leaderboard as { lines: Array<{ rank: number | null; verified: boolean; n: number }> }).lines;
    expect(lines).toEqual([expect.objectContaining({ rank: 1, verified: true, n: 2 })]);
    const link = await answer('post /api/v1/teams/{teamId}/share-links', shareLinks.POST, { token: t.owner, params: { teamId }, body: { targetType: 'benchmark', targetId: benchmarkId } });
    const view = await answer('get /api/v1/shared/{token}', shared.GET, { params: { token: String(link.json.url).split('/share/')[1] } });
    expect((view.json.shared as Json).kind).toBe('benchmark');
    await answer('delete /api/v1/benchmarks/{benchmarkId}/entries/{entryId}', benchmarkEntry.DELETE, { token: t.researcher, params: { benchmarkId, entryId } });
    await answer('delete /api/v1/benchmarks/{benchmarkId}', benchmark.DELETE, { token: t.owner, params: { benchmarkId } });
  }, 180_000);

  it('results, exports, per-example outputs and comparisons', async () => {
    const t = ctx.tokens;
    const teamId = ctx.team.id;
    const studyId = ctx.studyId;
    await answer('get /api/v1/studies/{studyId}/results', results.GET, { token: t.reviewer, params: { studyId } });
    await answer('get /api/v1/studies/{studyId}/results/distributions', distributions.GET, { token: t.reviewer, params: { studyId }, query: `?runId=${ctx.runIds[0]}` });
    await answer('get /api/v1/studies/{studyId}/results/forget-examples', forgetExamples.GET, { token: t.reviewer, params: { studyId }, query: '?seed=0&limit=4' });
    await answer('get /api/v1/studies/{studyId}/export', studyExport.GET, { token: t.reviewer, params: { studyId }, query: '?format=json&rows=seeds' });
    await answer('get /api/v1/studies/{studyId}/export', studyExport.GET, { token: t.reviewer, params: { studyId } });
    await answer('get /api/v1/studies/{studyId}/per-example', perExample.GET, { token: t.reviewer, params: { studyId } });
    await answer('get /api/v1/studies/{studyId}/per-example', perExample.GET, { token: t.reviewer, params: { studyId }, query: '?format=npy' });

    const runIds = ctx.runIds.join(',');
    await answer('get /api/v1/teams/{teamId}/comparisons/candidates', candidates.GET, { token: t.reviewer, params: { teamId }, query: `?datasetId=${ctx.irisId}` });
    await answer('get /api/v1/teams/{teamId}/comparisons/results', selection.GET, { token: t.reviewer, params: { teamId }, query: `?runs=${runIds}` });
    await answer('get /api/v1/teams/{teamId}/comparisons/results', selection.GET, { token: t.reviewer, params: { teamId }, query: `?runs=${runIds}&format=json` });
    await answer('get /api/v1/teams/{teamId}/comparisons/results', selection.GET, { token: t.reviewer, params: { teamId }, query: `?runs=${runIds}&format=csv` });
    const saved = await answer('post /api/v1/teams/{teamId}/comparisons', comparisons.POST, { token: t.reviewer, params: { teamId }, body: { name: 'All runs', runIds: ctx.runIds, viewState: { show: 'gap' } } });
    const comparisonId = String(saved.json.id);
    await answer('get /api/v1/teams/{teamId}/comparisons', comparisons.GET, { token: t.reviewer, params: { teamId } });
    await answer('get /api/v1/comparisons/{comparisonId}', comparison.GET, { token: t.reviewer, params: { comparisonId } });
    await answer('patch /api/v1/comparisons/{comparisonId}', comparison.PATCH, { token: t.reviewer, params: { comparisonId }, body: { name: 'Every run', baselineRunId: ctx.runIds[1] } });
    await answer('get /api/v1/comparisons/{comparisonId}/export', comparisonExport.GET, { token: t.reviewer, params: { comparisonId }, query: '?format=json' });
    await answer('get /api/v1/comparisons/{comparisonId}/export', comparisonExport.GET, { token: t.reviewer, params: { comparisonId }, query: '?format=csv&rows=seeds' });
    await answer('delete /api/v1/comparisons/{comparisonId}', comparison.DELETE, { token: t.reviewer, params: { comparisonId } });
  });

  it('comments, review status, share links and what a link shows', async () => {
    const t = ctx.tokens;
    const teamId = ctx.team.id;
    const studyId = ctx.studyId;
    const saved = await answer('post /api/v1/teams/{teamId}/comparisons', comparisons.POST, { token: t.owner, params: { teamId }, body: { name: 'Shared comparison', runIds: ctx.runIds.slice(0, 3) } });
    const comparisonId = String(saved.json.id);

    const posted = await answer('post /api/v1/studies/{studyId}/comments', studyComments.POST, { token: t.reviewer, params: { studyId }, body: { body: 'Why two seeds?' } });
    await answer('get /api/v1/studies/{studyId}/comments', studyComments.GET, { token: t.owner, params: { studyId } });
    await answer('post /api/v1/runs/{runId}/comments', runComments.POST, { token: t.reviewer, params: { runId: ctx.runIds[0] }, body: { body: 'This one converged.' } });
    await answer('get /api/v1/runs/{runId}/comments', runComments.GET, { token: t.owner, params: { runId: ctx.runIds[0] } });
    await answer('post /api/v1/comparisons/{comparisonId}/comments', comparisonComments.POST, { token: t.reviewer, params: { comparisonId }, body: { body: 'Pin retrain?' } });
    await answer('get /api/v1/comparisons/{comparisonId}/comments', comparisonComments.GET, { token: t.owner, params: { comparisonId } });
    await answer('delete /api/v1/comments/{commentId}', comment.DELETE, { token: t.reviewer, params: { commentId: String((posted.json.comment as Json).id) } });

    await answer('post /api/v1/studies/{studyId}/review', review.POST, { token: t.owner, params: { studyId }, body: { status: 'in_review', note: 'Please check the seeds.', assigneeId: ctx.reviewerId } });
    await answer('post /api/v1/studies/{studyId}/review', review.POST, { token: t.reviewer, params: { studyId }, body: { status: 'approved', note: 'Fine.' } });
    await answer('get /api/v1/studies/{studyId}/review', review.GET, { token: t.researcher, params: { studyId } });

    const studyLink = await answer('post /api/v1/teams/{teamId}/share-links', shareLinks.POST, { token: t.researcher, params: { teamId }, body: { targetType: 'study', targetId: studyId, expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
    const comparisonLink = await answer('post /api/v1/teams/{teamId}/share-links', shareLinks.POST, { token: t.researcher, params: { teamId }, body: { targetType: 'comparison', targetId: comparisonId } });
    const secret = (link: { json: Json }) => String(link.json.url).split('/share/')[1];
    await answer('get /api/v1/teams/{teamId}/share-links', shareLinks.GET, { token: t.owner, params: { teamId } });

    const token = secret(studyLink);
    const view = await answer('get /api/v1/shared/{token}', shared.GET, { params: { token } });
    expect((view.json.shared as { perExample: unknown[] }).perExample.length, 'the shared study shows its per-example attacks card').toBeGreaterThan(0);
    await answer('get /api/v1/shared/{token}', shared.GET, { params: { token: secret(comparisonLink) } });
    // A run the shared dashboard shows (a sweep's other points are not among them).
    const shownRun = (view.json.shared as { results: { table: { rows: Array<{ runIds: string[] }> } } }).results.table.rows[0].runIds[0];
    await answer('get /api/v1/shared/{token}/results/distributions', sharedDistributions.GET, { params: { token }, query: `?runId=${shownRun}` });
    await answer('get /api/v1/shared/{token}/results/forget-examples', sharedForgetExamples.GET, { params: { token }, query: '?seed=1&limit=3' });
    await answer('get /api/v1/shared/{token}/export', sharedExport.GET, { params: { token }, query: '?format=json' });
    await answer('get /api/v1/shared/{token}/export', sharedExport.GET, { params: { token } });
    await answer('get /api/v1/shared/{token}/per-example', sharedPerExample.GET, { params: { token }, query: '?format=npy' });
    await answer('delete /api/v1/share-links/{linkId}', shareLink.DELETE, { token: t.owner, params: { linkId: String((comparisonLink.json.shareLink as Json).id) } });
  });

  it('a shared study of images serves its forget-set rows as PNG', async () => {
    const t = ctx.tokens;
    const zip = zipSync(Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`${i < 8 ? 'cat' : 'dog'}/${i}.png`, png(i)])));
    const form = new FormData();
    form.append('options', JSON.stringify({ name: 'Cats and dogs', format: 'zip', channels: 1 }));
    form.append('file', new Blob([zip as BlobPart]), 'images.zip');
    const images = await answer('post /api/v1/teams/{teamId}/datasets', datasets.POST, { token: t.researcher, params: { teamId: ctx.team.id }, raw: form });
    const forgetCats = await answer('post /api/v1/datasets/{datasetId}/scenarios', scenarios.POST, { token: t.researcher, params: { datasetId: String(images.json.id) }, body: { name: 'Forget cats', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['cat'] } } });
    const { studyId } = await seedFinishedStudy({ teamId: ctx.team.id, createdBy: ctx.owner.id, scenarioId: String(forgetCats.json.id), name: 'Images', seeds: 1, methods: [], numClasses: 2, sizes: { forget: 6, retain: 6, test: 3 } });
    const link = await answer('post /api/v1/teams/{teamId}/share-links', shareLinks.POST, { token: t.owner, params: { teamId: ctx.team.id }, body: { targetType: 'study', targetId: studyId } });
    const token = String(link.json.url).split('/share/')[1];
    const examples = await answer('get /api/v1/shared/{token}/results/forget-examples', sharedForgetExamples.GET, { params: { token } });
    const row = String((examples.json.items as Array<{ row: number }>)[0].row);
    await answer('get /api/v1/shared/{token}/images/{row}', sharedImage.GET, { params: { token, row } });
  });

  it('every JSON route was validated against its schema, and every file or stream route was seen', () => {
    const key = (r: RouteDoc) => `${r.method} ${r.path}`;
    const json = routeDocs().filter((r) => r.response).map(key);
    expect(json.filter((k) => !validated.has(k))).toEqual([]);
    const other = routeDocs().filter((r) => !r.response).map(key);
    expect(other.filter((k) => !seenMedia.has(k))).toEqual([]);
  });
});
