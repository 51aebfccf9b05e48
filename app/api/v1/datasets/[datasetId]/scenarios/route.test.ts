import { describe, expect, it } from 'vitest';
import { callRoute, makeTeam, makeUser, tokenFor } from '@/test/factories';
import { createDataset, parseUploadOptions, updateDatasetDetails } from '@/lib/datasets/service';
import { syntheticCreditCsv } from '@/lib/data/synthetic-credit';
import { GET as getScenario, PATCH as patchScenario, DELETE as deleteScenario } from '../../../scenarios/[scenarioId]/route';
import { POST as duplicate } from '../../../scenarios/[scenarioId]/duplicate/route';
import { GET as getDataset } from '../route';
import { POST as preview } from './preview/route';
import { GET as list, POST as create } from './route';

async function creditDataset(roles: Array<'reviewer' | 'researcher'> = []) {
  const { team, owner, members } = await makeTeam(roles);
  const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const created = await createDataset(
    access,
    parseUploadOptions({ name: 'Credit', columns: [{ name: 'customer_id', role: 'subject' }, { name: 'sex', role: 'sensitive' }] }),
    [{ role: 'file', name: 'credit.csv', source: [new TextEncoder().encode(syntheticCreditCsv({ customers: 60 }))] }],
  );
  return { team, owner, members, token: await tokenFor(owner), datasetId: created.id };
}

const privacy = { name: 'Forget two customers', category: 'privacy', seed: 1, selector: { kind: 'subjects', subjectIds: ['C0001', 'C0002'] } };

describe('scenarios API', () => {
  it('creates a scenario answering 201 with the forget-set size and composition; it reads back the same', async () => {
    const { token, datasetId } = await creditDataset();
    const res = await callRoute(create, { method: 'POST', token, params: { datasetId }, body: privacy });
    expect(res.status).toBe(201);
    expect(res.body.forgetCount).toBeGreaterThan(0);
    expect((res.body.preview as { classes: unknown[] }).classes.length).toBe(2);
    expect((res.body.preview as { subjects: { ids: string[] } }).subjects.ids).toEqual(['C0001', 'C0002']);
    const again = await callRoute(getScenario, { token, params: { scenarioId: String(res.body.id) } });
    expect(again.body).toMatchObject({ id: res.body.id, forgetCount: res.body.forgetCount, forgetSetHash: res.body.forgetSetHash, category: 'privacy' });
    expect((again.body.template as { metrics: unknown[] }).metrics.length).toBeGreaterThan(0);
    const listed = await callRoute(list, { token, params: { datasetId } });
    expect((listed.body.scenarios as unknown[]).length).toBe(1);
    const dataset = await callRoute(getDataset, { token, params: { datasetId } });
    expect((dataset.body.dependents as { scenarios: unknown[] }).scenarios.length).toBe(1);
  });

  it('resolves deterministically: the same spec gives the same forget-set hash', async () => {
    const { token, datasetId } = await creditDataset();
    const spec = { name: 'Random 10%', category: 'privacy', seed: 5, selector: { kind: 'randomFraction', fraction: 0.1 } };
    const a = await callRoute(preview, { method: 'POST', token, params: { datasetId }, body: spec });
    const b = await callRoute(create, { method: 'POST', token, params: { datasetId }, body: spec });
    const c = await callRoute(create, { method: 'POST', token, params: { datasetId }, body: spec });
    expect(b.body.forgetSetHash).toBe(c.body.forgetSetHash);
    expect(a.body.forgetCount).toBe(b.body.forgetCount);
  });

  it('refuses bad specs with 422 naming the field, and saves nothing', async () => {
    const { token, datasetId } = await creditDataset();
    const cases: Array<[unknown, RegExp]> = [
      [{ ...privacy, selector: { kind: 'subjects', subjectIds: ['C0001', 'NOPE'] } }, /NOPE/],
      [{ ...privacy, selector: { kind: 'randomFraction', fraction: 1.5 } }, /fraction/],
      [{ ...privacy, selector: { kind: 'predicate', predicate: { column: 'nope', op: '=', value: 1 } } }, /nope/],
      [{ ...privacy, selector: { kind: 'predicate', predicate: { column: 'income_k', op: '>', value: 'high' } } }, /income_k|value/],
      [{ ...privacy, selector: { kind: 'predicate', predicate: { column: 'income_k', op: '>', value: 100000 } } }, /no rows|matches no/i],
      [{ ...privacy, category: 'security', selector: undefined, injection: { kind: 'labelFlip', fromClass: 'approved', toClass: 'maybe', fraction: 0.2 } }, /maybe/],
      [{ ...privacy, category: 'weird' }, /category/],
    ];
    for (const [body, message] of cases) {
      const res = await callRoute(create, { method: 'POST', token, params: { datasetId }, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      const error = res.body.error as { message: string; details: { field?: string } };
      expect(error.message).toMatch(message);
      expect(error.details.field).toBeTruthy();
    }
    expect(((await callRoute(list, { token, params: { datasetId } })).body.scenarios as unknown[]).length).toBe(0);
  });

  it('refuses scenarios on an archived dataset', async () => {
    const { owner, token, datasetId } = await creditDataset();
    await updateDatasetDetails(owner, datasetId, { archived: true });
    const res = await callRoute(create, { method: 'POST', token, params: { datasetId }, body: privacy });
    expect(res.status).toBe(422);
    expect((res.body.error as { message: string }).message).toMatch(/archived/);
  });

  it('edits, duplicates and deletes; a reviewer reads but cannot write; outsiders get 404', async () => {
    const { token, datasetId, members } = await creditDataset(['reviewer']);
    const created = await callRoute(create, { method: 'POST', token, params: { datasetId }, body: privacy });
    const scenarioId = String(created.body.id);
    const edited = await callRoute(patchScenario, { method: 'PATCH', token, params: { scenarioId }, body: { name: 'Renamed', selector: { kind: 'subjects', subjectIds: ['C0003'] } } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: scenarioId, name: 'Renamed', createdNew: false });
    const copy = await callRoute(duplicate, { method: 'POST', token, params: { scenarioId } });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Renamed (copy)', duplicatedFrom: scenarioId, forgetSetHash: edited.body.forgetSetHash });

    const reviewer = await tokenFor(members.reviewer);
    expect((await callRoute(getScenario, { token: reviewer, params: { scenarioId } })).status).toBe(200);
    expect((await callRoute(create, { method: 'POST', token: reviewer, params: { datasetId }, body: privacy })).status).toBe(403);
    expect((await callRoute(deleteScenario, { method: 'DELETE', token: reviewer, params: { scenarioId } })).status).toBe(403);
    const outsider = await tokenFor(await makeUser());
    expect((await callRoute(getScenario, { token: outsider, params: { scenarioId } })).status).toBe(404);
    expect((await callRoute(deleteScenario, { method: 'DELETE', token, params: { scenarioId } })).status).toBe(204);
  });
});
