/**
 * Hostile input through the real route handlers: each answers 4xx in the error shape, never a
 * 500 or a crash, and stores nothing. Sizes are the ones that took the server down before
 * (a 2 GB ZIP entry, a 20000x20000 PNG, a 20 MB JSON body, a 20,000-deep selector, a version
 * number past 2^63); the assertions are about behaviour, not time.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { datasetStorageCounts } from '@/db/queries/datasets';
import { listScenarios } from '@/db/queries/scenarios';
import { syntheticCreditCsv } from '@/lib/data/synthetic-credit';
import { giantImageZip, zipBomb } from '@/lib/data/test-helpers/hostile-files';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { callRoute, makeTeam, tokenFor } from '@/test/factories';
import { POST as issueToken } from './auth/token/route';
import { GET as getDataset, PATCH as patchDataset } from './datasets/[datasetId]/route';
import { POST as createScenario } from './datasets/[datasetId]/scenarios/route';
import { POST as previewScenario } from './datasets/[datasetId]/scenarios/preview/route';
import { GET as getImage } from './datasets/[datasetId]/versions/[version]/images/[row]/route';
import { GET as getRows } from './datasets/[datasetId]/versions/[version]/rows/route';
import { GET as getRun } from './runs/[runId]/route';
import { POST as uploadDataset } from './teams/[teamId]/datasets/route';

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

function smallPng(): Uint8Array {
  const image = new PNG({ width: 4, height: 4 });
  image.data.fill(200);
  return new Uint8Array(PNG.sync.write(image));
}

async function uploadZip(teamId: string, token: string, zip: Uint8Array) {
  const form = new FormData();
  form.append('options', JSON.stringify({ name: `Hostile ${Math.random()}`, format: 'zip', channels: 1 }));
  form.append('file', new Blob([zip as BlobPart]), 'images.zip');
  const req = new Request(`http://localhost/api/v1/teams/${teamId}/datasets`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  const res = await uploadDataset(req, { params: Promise.resolve({ teamId }) });
  return { status: res.status, body: (await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } } };
}

/** A body of `bytes` bytes sent as a stream without Content-Length (chunked), so only counting while reading can stop it. */
function streamedBody(bytes: number, chunk = 64 * 1024): { body: ReadableStream<Uint8Array>; sent: () => number } {
  let sent = 0;
  const piece = new TextEncoder().encode('x'.repeat(chunk));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) {
        controller.close();
        return;
      }
      controller.enqueue(piece);
      sent += piece.length;
    },
  });
  return { body, sent: () => sent };
}

function bigJson(bytes: number): string {
  return JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(bytes) });
}

async function creditDataset() {
  const { team, owner } = await makeTeam();
  const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const created = await createDataset(
    access,
    parseUploadOptions({ name: 'Credit', columns: [{ name: 'customer_id', role: 'subject' }] }),
    [{ role: 'file', name: 'credit.csv', source: [new TextEncoder().encode(syntheticCreditCsv({ customers: 30 }))] }],
  );
  return { team, token: await tokenFor(owner), datasetId: created.id };
}

describe('hostile input answers 4xx and stores nothing', () => {
  it('a ZIP bomb: a 2 GB entry (413) and an entry inflating past its header (422)', async () => {
    const { team, owner } = await makeTeam();
    const token = await tokenFor(owner);
    const before = await datasetStorageCounts();

    const honest = await uploadZip(team.id, token, zipBomb(2 * GIB));
    expect(honest.status).toBe(413);
    expect(honest.body.error).toMatchObject({ code: 'payload_too_large', details: { reason: 'file_too_large', entry: 'cat/bomb.png' } });

    const liar = await uploadZip(team.id, token, zipBomb(2 * GIB, MIB));
    expect(liar.status).toBe(422);
    expect(liar.body.error).toMatchObject({ code: 'validation', details: { reason: 'corrupt_zip', entry: 'cat/bomb.png' } });

    expect(await datasetStorageCounts()).toEqual(before);
  });

  it('a 20000x20000 PNG in a small ZIP: 422 from its header, naming the pixel limit', async () => {
    const { team, owner } = await makeTeam();
    const token = await tokenFor(owner);
    const before = await datasetStorageCounts();
    const res = await uploadZip(team.id, token, giantImageZip(20000, 20000, smallPng()));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'validation', details: { reason: 'image_too_large', entry: 'cat/giant.png', found: 400_000_000 } });
    expect(res.body.error.message).toContain('20000x20000');
    expect(await datasetStorageCounts()).toEqual(before);
  });

  it('a 20 MB JSON body to the unauthenticated token route: 413, with or without Content-Length', async () => {
    const text = bigJson(20 * MIB);
    const declared = await callRoute(issueToken, { method: 'POST', rawBody: text, headers: { 'content-length': String(text.length) } });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatchObject({ code: 'payload_too_large', details: { limit: MIB } });
    expect((declared.body.error as { message: string }).message).toContain('LETHE_MAX_JSON_BYTES');

    const { body, sent } = streamedBody(20 * MIB);
    const req = new Request('http://localhost/api/v1/auth/token', { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect(req.headers.get('content-length')).toBeNull();
    const res = await issueToken(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    // Reading stopped at the limit: the rest of the 20 MB was never pulled from the client.
    expect(sent()).toBeLessThan(2 * MIB);
  });

  it('a 20 MB scenario body: 413 past the scenario limit (16 MB), nothing saved', async () => {
    const { token, datasetId } = await creditDataset();
    const rowIds = Array.from({ length: 2_500_000 }, (_, i) => i + 1_000_000);
    const spec = JSON.stringify({ name: 'Huge', category: 'privacy', seed: 1, selector: { kind: 'rowIds', rowIds } });
    expect(spec.length).toBeGreaterThan(16 * MIB);
    const res = await callRoute(createScenario, { method: 'POST', token, params: { datasetId }, rawBody: spec });
    expect(res.status).toBe(413);
    expect((res.body.error as { message: string }).message).toContain('LETHE_MAX_SCENARIO_JSON_BYTES');
    expect(await listScenarios(datasetId)).toEqual([]);
  });

  it('a 20,000-deep selector: 422 naming the depth limit, for save and preview, nothing saved', async () => {
    const { token, datasetId } = await creditDataset();
    // Written as text: JSON.stringify itself recurses and would overflow on such an object.
    const selector = `${'{"kind":"not","selector":'.repeat(20_000)}{"kind":"class","classes":["approved"]}${'}'.repeat(20_000)}`;
    const spec = `{"name":"Deep","category":"privacy","seed":1,"selector":${selector}}`;
    for (const route of [createScenario, previewScenario]) {
      const res = await callRoute(route, { method: 'POST', token, params: { datasetId }, rawBody: spec });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'validation', details: { reason: 'spec_too_deep', limit: 32 } });
      expect((res.body.error as { message: string }).message).toContain('more than 32 levels deep');
    }
    expect(await listScenarios(datasetId)).toEqual([]);
  });

  it('path parameters out of range or malformed: 404, never 500', async () => {
    const { token, datasetId } = await creditDataset();
    const before = await datasetStorageCounts();
    const huge = '99999999999999999999';
    const cases: Array<Promise<{ status: number; body: Record<string, unknown> }>> = [
      callRoute(getRows, { token, params: { datasetId, version: huge } }),
      callRoute(getRows, { token, params: { datasetId, version: '2147483648' } }),
      callRoute(getRows, { token, params: { datasetId, version: '-1' } }),
      callRoute(getRows, { token, params: { datasetId, version: '1e3' } }),
      callRoute(getImage, { token, params: { datasetId, version: '1', row: `${huge}.png` } }),
      callRoute(getRows, { token, params: { datasetId: 'x', version: '1' } }),
      callRoute(getDataset, { token, params: { datasetId: `${datasetId}0` } }),
      callRoute(patchDataset, { method: 'PATCH', token, params: { datasetId: huge }, body: { name: 'Renamed' } }),
      callRoute(getRun, { token, params: { runId: huge } }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'not_found' });
    }
    // The largest storable version is a plain "not found", and version 1 still answers.
    expect((await callRoute(getRows, { token, params: { datasetId, version: '2147483647' } })).status).toBe(404);
    expect((await callRoute(getRows, { token, params: { datasetId, version: '1' } })).status).toBe(200);
    expect(await datasetStorageCounts()).toEqual(before);
  });
});
