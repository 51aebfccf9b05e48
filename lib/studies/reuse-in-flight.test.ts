/**
 * Identical originals and retrains are trained once even when two studies that need them are
 * created at the same moment: the second study's runs wait for the first's, in flight, and take
 * their models; if the run they wait for fails, they compute their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelRuns, listRuns } from '@/db/queries/studies';
import { startWorker, type WorkerHandle } from '@/lib/jobs/worker';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { advanceStudy } from './progress';
import { createStudy } from './service';

let worker: WorkerHandle;
beforeAll(async () => {
  worker = await startWorker({ concurrency: 2 });
}, 60_000);
afterAll(() => worker?.stop());

async function irisScenario() {
  const { team, owner } = await makeTeam();
  const { scenario } = await irisForgetSetosa(owner, team);
  return { team, owner, scenario };
}

async function settled(studyIds: string[], timeoutMs = 180_000) {
  const started = Date.now();
  for (;;) {
    const runs = (await Promise.all(studyIds.map((id) => listRuns(id)))).flat();
    if (runs.every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status))) return runs;
    if (Date.now() - started > timeoutMs) throw new Error(`runs still active: ${runs.map((r) => `${r.kind}/${r.status}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const recipe = { epochs: 30, batchSize: 8, optimizer: { kind: 'adam', learningRate: 0.01 } };

describe('reuse of runs in flight', () => {
  it('two studies created at the same time train each original and retrain once', async () => {
    const { team, owner, scenario } = await irisScenario();
    const body = (name: string, methodId: string) => ({ name, scenarioId: scenario.id, modelSpec: { kind: 'mlp', hidden: [16] }, recipe, seeds: 2, methods: [{ methodId }] });
    const [a, b] = await Promise.all([createStudy(owner, team.id, body('A', 'finetune')), createStudy(owner, team.id, body('B', 'neggrad'))]);
    const created = [...a.runs, ...b.runs].filter((r) => r.kind !== 'unlearned');
    // 2 seeds x (original + retrain): 4 computed, 4 taken from them
    expect(created.filter((r) => r.reusedFromRunId === null)).toHaveLength(4);
    expect(created.filter((r) => r.reusedFromRunId !== null)).toHaveLength(4);
    const byId = new Map(created.map((r) => [r.id, r]));
    for (const r of created.filter((x) => x.reusedFromRunId)) {
      const source = byId.get(r.reusedFromRunId as string);
      expect(source?.inputHash).toBe(r.inputHash);
      expect(source?.studyId).not.toBe(r.studyId);
    }
    expect(a.plan.runs.reused + b.plan.runs.reused).toBe(4);

    const done = await settled([a.study.id, b.study.id]);
    expect(done.map((r) => `${r.kind}:${r.status}:${r.error ?? ''}`)).toEqual(done.map((r) => `${r.kind}:succeeded:`));
    for (const r of done.filter((x) => x.reusedFromRunId)) {
      expect(r.log.map((l) => l.message)).toContain(`Reused the model of run ${r.reusedFromRunId}.`);
      // the same model, so the same metrics
      expect(r.metrics).toEqual(done.find((x) => x.id === r.reusedFromRunId)?.metrics);
    }
  }, 240_000);

  it('a run waiting for one that is cancelled computes its own model', async () => {
    const { team, owner, scenario } = await irisScenario();
    // long enough (several seconds) that the first study cannot have finished when it is cancelled
    const body = (name: string) => ({ name, scenarioId: scenario.id, modelSpec: { kind: 'mlp', hidden: [8] }, recipe: { ...recipe, epochs: 200 }, seeds: 1, methods: [] });
    const first = await createStudy(owner, team.id, body('First'));
    const second = await createStudy(owner, team.id, body('Second'));
    expect(second.runs.every((r) => r.reusedFromRunId !== null)).toBe(true);
    await cancelRuns({ studyId: first.study.id });
    await advanceStudy(first.study.id);
    const done = await settled([second.study.id]);
    expect(done.map((r) => `${r.status}:${r.reusedFromRunId}`)).toEqual(['succeeded:null', 'succeeded:null']);
  }, 240_000);
});
