import fs from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { callRoute, makeTeam, makeUser, tokenFor } from '@/test/factories';
import { listDatasets } from '@/db/queries/datasets';
import { GET as getDataset, PATCH as patchDataset, DELETE as deleteDataset } from '../../../datasets/[datasetId]/route';
import { POST as newVersion } from '../../../datasets/[datasetId]/versions/route';
import { GET as getRows } from '../../../datasets/[datasetId]/versions/[version]/rows/route';
import { GET as getImage } from '../../../datasets/[datasetId]/versions/[version]/images/[row]/route';
import { POST as preview } from './preview/route';
import { GET as listRoute, POST as upload } from './route';
import { samplePath } from '@/test/sample-data';

const iris = () => fs.readFileSync(samplePath('iris.csv'));

function multipart(options: unknown, files: Record<string, { name: string; bytes: Uint8Array }>, optionsFirst = true): FormData {
  const form = new FormData();
  const addOptions = () => form.append('options', JSON.stringify(options));
  if (optionsFirst) addOptions();
  for (const [field, f] of Object.entries(files)) form.append(field, new Blob([f.bytes as BlobPart]), f.name);
  if (!optionsFirst) addOptions();
  return form;
}

async function send(teamId: string, token: string, form: FormData, accept?: string) {
  const req = new Request(`http://localhost/api/v1/teams/${teamId}/datasets`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) },
  });
  const res = await upload(req, { params: Promise.resolve({ teamId }) });
  return { status: res.status, text: await res.text() };
}

function idxFile(magic: number, dims: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + dims.length * 4);
  const view = new DataView(header.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + i * 4, d));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

describe('dataset upload API', () => {
  it('stores a CSV and answers 201 with counts; the table, rows and versions read back', async () => {
    const { team, owner } = await makeTeam();
    const token = await tokenFor(owner);
    const res = await send(team.id, token, multipart({ name: 'Iris' }, { file: { name: 'iris.csv', bytes: iris() } }));
    expect(res.status).toBe(201);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ name: 'Iris', version: 1, rowCount: 150, featureCount: 4 });
    expect(body.classCounts).toEqual([
      { name: 'setosa', count: 50 },
      { name: 'versicolor', count: 50 },
      { name: 'virginica', count: 50 },
    ]);

    const details = await callRoute(getDataset, { token, params: { datasetId: body.id } });
    expect(details.status).toBe(200);
    const versions = details.body.versions as Array<{ version: number; stats: { trainRows: number; testRows: number } }>;
    expect(versions[0].stats.trainRows + versions[0].stats.testRows).toBe(150);

    const rows = await callRoute(getRows, { token, params: { datasetId: body.id, version: '1' }, url: 'http://localhost/x?offset=10&limit=5' });
    expect((rows.body.rows as unknown[]).length).toBe(5);
    expect(rows.body.total).toBe(150);

    const list = await callRoute(listRoute, { token, params: { teamId: team.id } });
    expect((list.body.datasets as Array<{ name: string }>).map((d) => d.name)).toEqual(['Iris']);
  });

  it('streams progress as NDJSON and ends with the created dataset', async () => {
    const { team, owner } = await makeTeam();
    const res = await send(team.id, await tokenFor(owner), multipart({ name: 'Iris progress' }, { file: { name: 'iris.csv', bytes: iris() } }), 'application/x-ndjson');
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: 'done', status: 201, result: { rowCount: 150 } });
  });

  it('accepts the options after the file too', async () => {
    const { team, owner } = await makeTeam();
    const res = await send(team.id, await tokenFor(owner), multipart({ name: 'Late options' }, { file: { name: 'iris.csv', bytes: iris() } }, false));
    expect(res.status).toBe(201);
  });

  it('refuses bad files with 422 naming the line, and stores nothing', async () => {
    const { team, owner } = await makeTeam();
    const token = await tokenFor(owner);
    const ragged = new TextEncoder().encode('a,b,label\n1,2,x\n3,4\n5,6,y\n');
    const res = await send(team.id, token, multipart({ name: 'Ragged' }, { file: { name: 'r.csv', bytes: ragged } }));
    expect(res.status).toBe(422);
    const err = JSON.parse(res.text).error;
    expect(err.details.line).toBe(3);
    expect(err.message).toMatch(/Line 3/);
    const empty = await send(team.id, token, multipart({ name: 'Empty' }, { file: { name: 'e.csv', bytes: new Uint8Array() } }));
    expect(empty.status).toBe(422);
    expect(await listDatasets({ teamId: team.id, includeArchived: true })).toEqual([]);
  });

  it('refuses a missing name, a duplicate name and a missing file with the field named', async () => {
    const { team, owner } = await makeTeam();
    const token = await tokenFor(owner);
    const noName = await send(team.id, token, multipart({}, { file: { name: 'iris.csv', bytes: iris() } }));
    expect(noName.status).toBe(422);
    expect(JSON.parse(noName.text).error.details.field).toBe('options.name');
    expect((await send(team.id, token, multipart({ name: 'Twice' }, { file: { name: 'iris.csv', bytes: iris() } }))).status).toBe(201);
    const twice = await send(team.id, token, multipart({ name: 'twice' }, { file: { name: 'iris.csv', bytes: iris() } }));
    expect(twice.status).toBe(409);
    const noFile = await send(team.id, token, multipart({ name: 'No file' }, {}));
    expect(noFile.status).toBe(422);
  });

  it('lets a reviewer read but not upload (403), and hides the team from outsiders (404)', async () => {
    const { team, members } = await makeTeam(['reviewer']);
    const reviewerToken = await tokenFor(members.reviewer);
    expect((await send(team.id, reviewerToken, multipart({ name: 'No' }, { file: { name: 'iris.csv', bytes: iris() } }))).status).toBe(403);
    expect((await callRoute(listRoute, { token: reviewerToken, params: { teamId: team.id } })).status).toBe(200);
    const outsider = await tokenFor(await makeUser('outsider'));
    expect((await send(team.id, outsider, multipart({ name: 'No' }, { file: { name: 'iris.csv', bytes: iris() } }))).status).toBe(404);
  });

  it('ingests an IDX pair (gzip images) and serves an image as PNG', async () => {
    const { team, owner } = await makeTeam();
    const token = await tokenFor(owner);
    const n = 20;
    const pixels = new Uint8Array(n * 4 * 4).map((_, i) => (i * 7) % 256);
    const labels = new Uint8Array(n).map((_, i) => i % 2);
    const form = multipart(
      { name: 'Tiny IDX', classNames: ['even', 'odd'] },
      { images: { name: 'train-images-idx3-ubyte.gz', bytes: gzipSync(idxFile(0x803, [n, 4, 4], pixels)) }, labels: { name: 'train-labels-idx1-ubyte', bytes: idxFile(0x801, [n], labels) } },
    );
    const res = await send(team.id, token, form);
    expect(res.status).toBe(201);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ rowCount: 20, featureCount: 16, classCounts: [{ name: 'even', count: 10 }, { name: 'odd', count: 10 }] });
    const req = new Request(`http://localhost/x`, { headers: { authorization: `Bearer ${token}` } });
    const png = await getImage(req, { params: Promise.resolve({ datasetId: body.id, version: '1', row: '3' }) });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await png.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));

    const badMagic = multipart({ name: 'Bad IDX' }, { images: { name: 'x-images-idx3-ubyte', bytes: idxFile(0x801, [n], labels) }, labels: { name: 'x-labels-idx1-ubyte', bytes: idxFile(0x801, [n], labels) } });
    const bad = await send(team.id, token, badMagic);
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.text).error.message).toMatch(/magic/);
  });

  it('previews the start of a CSV for the schema step', async () => {
    const { team, owner } = await makeTeam();
    const res = await callRoute(preview, { method: 'POST', token: await tokenFor(owner), params: { teamId: team.id }, rawBody: iris().subarray(0, 500).toString() });
    expect(res.status).toBe(200);
    expect(res.body.header).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
  });
});

describe('dataset management API', () => {
  async function irisDataset() {
    const { team, owner, members } = await makeTeam(['reviewer', 'researcher']);
    const token = await tokenFor(owner);
    const res = await send(team.id, token, multipart({ name: 'Iris' }, { file: { name: 'iris.csv', bytes: iris() } }));
    return { team, owner, members, token, id: JSON.parse(res.text).id as string };
  }

  it('makes a new immutable version when the schema changes, from the stored source', async () => {
    const { token, id } = await irisDataset();
    const res = await callRoute(newVersion, { method: 'POST', token, params: { datasetId: id }, body: { columns: [{ name: 'sepal_width', role: 'ignore' }], note: 'drop sepal width' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 2, featureCount: 3, rowCount: 150 });
    const same = await callRoute(newVersion, { method: 'POST', token, params: { datasetId: id }, body: { columns: [{ name: 'sepal_width', role: 'ignore' }] } });
    expect(same.status).toBe(422);
    const details = await callRoute(getDataset, { token, params: { datasetId: id } });
    expect((details.body.versions as Array<{ version: number; featureCount: number }>).map((v) => [v.version, v.featureCount])).toEqual([
      [2, 3],
      [1, 4],
    ]);
  });

  it('renames and archives (researcher), refuses a reviewer (403) and an outsider (404)', async () => {
    const { members, id } = await irisDataset();
    const researcher = await tokenFor(members.researcher);
    expect((await callRoute(patchDataset, { method: 'PATCH', token: researcher, params: { datasetId: id }, body: { name: 'Iris flowers', archived: true } })).body).toMatchObject({ name: 'Iris flowers' });
    expect((await callRoute(patchDataset, { method: 'PATCH', token: await tokenFor(members.reviewer), params: { datasetId: id }, body: { name: 'x' } })).status).toBe(403);
    const outsider = await tokenFor(await makeUser());
    expect((await callRoute(getDataset, { token: outsider, params: { datasetId: id } })).status).toBe(404);
    expect((await callRoute(patchDataset, { method: 'PATCH', token: researcher, params: { datasetId: id }, body: {} })).status).toBe(422);
  });

  it('deletes only with the exact name confirmed, and audits who deleted what', async () => {
    const { token, id, team } = await irisDataset();
    const refused = await callRoute(deleteDataset, { method: 'DELETE', token, params: { datasetId: id } });
    expect(refused.status).toBe(422);
    expect((refused.body.error as { message: string }).message).toMatch(/confirm/);
    const ok = await callRoute(deleteDataset, { method: 'DELETE', token, params: { datasetId: id }, url: 'http://localhost/x?confirm=Iris' });
    expect(ok.status).toBe(204);
    expect((await callRoute(getDataset, { token, params: { datasetId: id } })).status).toBe(404);
    const { listAudit } = await import('@/db/queries/audit');
    const events = await listAudit({ teamId: team.id });
    expect(events.find((e) => e.action === 'dataset.deleted')?.details).toMatchObject({ name: 'Iris' });
  });
});
