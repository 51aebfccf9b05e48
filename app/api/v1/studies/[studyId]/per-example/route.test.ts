/**
 * GET /api/v1/studies/{id}/per-example on a finished study seeded without training
 * (lib/results/seed-fixture): CSV and NPY ZIP, the gate (other team: 404), bad format: 422.
 * Also checks the study summary's U-LiRA / KLoM computed from the same stored outputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findStudy } from '@/db/queries/studies';
import { parseCsv } from '@/lib/results/export';
import { perExampleEvidenceRows } from '@/lib/results/per-example-evidence-table';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { callRoute, irisForgetSetosa, makeTeam, tokenFor } from '@/test/factories';
import { GET } from './route';

let ctx: { studyId: string; reviewer: string; outsider: string };

beforeAll(async () => {
  const { team, owner, members } = await makeTeam(['reviewer']);
  const { scenario } = await irisForgetSetosa(owner, team);
  const { studyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, name: 'PE', seeds: 3, methods: ['finetune'], numClasses: 3, sizes: { forget: 40, retain: 90, test: 30 } });
  ctx = { studyId, reviewer: await tokenFor(members.reviewer), outsider: await tokenFor((await makeTeam()).owner) };
}, 120_000);

async function get(format: string | null, token: string) {
  const url = `http://localhost/api/v1/studies/${ctx.studyId}/per-example${format ? `?format=${format}` : ''}`;
  const res = await GET(new Request(url, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ studyId: ctx.studyId }) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('per-example export API', () => {
  it('CSV: every run (3 seeds × original, retrain, method) × (40 forget + 90 retain + 30 test rows)', async () => {
    const res = await get(null, ctx.reviewer);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/csv/);
    const rows = parseCsv(new TextDecoder().decode(res.bytes));
    expect(rows[0].slice(0, 3)).toEqual(['run_id', 'kind', 'variant']);
    expect(rows.length - 1).toBe(9 * (40 + 90 + 30));
    expect(new Set(rows.slice(1).map((r) => r[1]))).toEqual(new Set(['original', 'retrain', 'unlearned']));
  });

  it('NPY: a ZIP starting with its manifest', async () => {
    const res = await get('npy', ctx.reviewer);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/zip');
    expect(Array.from(res.bytes.slice(0, 4))).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(new TextDecoder().decode(res.bytes.slice(30, 30 + 'manifest.json'.length))).toBe('manifest.json');
  });

  it('another team gets 404, a bad format 422 naming the field', async () => {
    expect((await get('csv', ctx.outsider)).status).toBe(404);
    const bad = await callRoute(GET, { token: ctx.reviewer, params: { studyId: ctx.studyId }, url: `http://localhost/api/v1/studies/${ctx.studyId}/per-example?format=xml` });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { code: 'validation', details: { field: 'format' } } });
  });

  it('the study summary carries U-LiRA (N = 3) and KLoM from the same outputs, with baselines', async () => {
    const study = await findStudy(ctx.studyId);
    const rows = perExampleEvidenceRows(study?.summary, { finetune: 'Fine-tune' });
    expect(rows.map((r) => r.role)).toEqual(['null-baseline', 'noise-floor', 'method']);
    const method = rows[2];
    expect(method.label).toBe('Fine-tune');
    expect(method.uLiraModels).toBe(3);
    expect(method.uLiraAuc).toBeGreaterThanOrEqual(0);
    expect(method.klomModels).toBe('3 vs 3');
    expect(method.klomP95.forget).not.toBeNull();
    // The floor splits 3 retrained models into halves of 1: too few for either metric, and it says so.
    expect(rows[1].uLiraAuc).toBeNull();
    expect(rows[1].note).toMatch(/U-LiRA needs at least 3 seeds/);
  });
});
