/**
 * A run over its memory limit, through the queue: it fails alone with the figures, is not
 * retried, the worker and its pool carry on and the next study succeeds. A run whose worker
 * died twice at the same point is not retried a third time.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimRun, findRun, listArtifactKeys, listRuns, updateRunProgress } from '@/db/queries/studies';
import { createStudy } from '@/lib/studies/service';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { executeRun, interruptionFingerprint, stopRepeatedInterruption } from './run-job';
import { ThreadPool } from './thread-pool';
import { startWorker, type WorkerHandle } from './worker';

let worker: WorkerHandle | undefined;
const cap = process.env.LETHE_RUN_MEMORY_MB;

afterAll(async () => {
  await worker?.stop();
  if (cap === undefined) delete process.env.LETHE_RUN_MEMORY_MB;
  else process.env.LETHE_RUN_MEMORY_MB = cap;
});

async function irisStudy(name: string, seed: number) {
  const { team, owner } = await makeTeam();
  const { scenario } = await irisForgetSetosa(owner, team);
  const { study } = await createStudy(owner, team.id, {
    name,
    scenarioId: scenario.id,
    modelSpec: { kind: 'mlp', hidden: [16] },
    recipe: { epochs: 40, batchSize: 8, optimizer: { kind: 'adam', learningRate: 0.01 } },
    seeds: 1,
    firstSeed: seed,
    methods: [{ methodId: 'finetune' }],
  });
  return study;
}

async function settled(studyId: string, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    const runs = await listRuns(studyId);
    if (runs.every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status))) return runs;
    if (Date.now() - started > timeoutMs) throw new Error(`runs still active: ${runs.map((r) => `${r.kind}/${r.status}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('run memory limit', () => {
  it('fails a run over a tiny limit alone, does not retry it, and runs the next study', async () => {
    // planned under the normal limit (the plan would refuse it otherwise), run under 32 MB:
    // less than an ML thread holds once it has started
    const tight = await irisStudy('Tight', 0);
    process.env.LETHE_RUN_MEMORY_MB = '32';
    worker = await startWorker({ concurrency: 1 });
    const failed = await settled(tight.id);
    const trained = failed.filter((r) => r.kind !== 'unlearned');
    expect(trained.map((r) => r.status)).toEqual(['failed', 'failed']);
    for (const run of trained) {
      expect(run.error).toMatch(/^This run needs ~\d+ MB, the limit is 32 MB: use fewer epochs\/rows or raise LETHE_RUN_MEMORY_MB\./);
      expect(run.attempt).toBe(1);
      expect(run.failures.map((f) => f.fingerprint)).toEqual(['memory limit of 32 MB']);
      // nothing half-stored: no model, no per-example results
      expect(await listArtifactKeys(run.id)).toEqual([]);
      expect(run.manifest).toBeNull();
    }
    // the unlearned run never started: its original failed
    expect(failed.find((r) => r.kind === 'unlearned')?.status).toBe('cancelled');

    if (cap === undefined) delete process.env.LETHE_RUN_MEMORY_MB;
    else process.env.LETHE_RUN_MEMORY_MB = cap;
    const next = await irisStudy('Next', 1);
    const done = await settled(next.id);
    expect(done.map((r) => `${r.kind}:${r.status}:${r.error ?? ''}`)).toEqual(done.map((r) => `${r.kind}:succeeded:`));
    const manifest = done[0].manifest as { memory: { estimateMb: number; budgetMb: number; peakMb: number } };
    expect(manifest.memory.peakMb).toBeGreaterThan(0);
    expect(manifest.memory.peakMb).toBeLessThanOrEqual(manifest.memory.budgetMb);

    // a few heartbeats later the failed runs are still on their first attempt: nothing retried them
    await new Promise((r) => setTimeout(r, 3000));
    const later = await listRuns(tight.id);
    expect(later.filter((r) => r.kind !== 'unlearned').map((r) => `${r.status}:${r.attempt}`)).toEqual(['failed:1', 'failed:1']);
    await worker.stop();
    worker = undefined;
  }, 300_000);

  it('does not retry a run whose worker died twice at the same point', async () => {
    const study = await irisStudy('Dies', 2);
    const [original] = (await listRuns(study.id)).filter((r) => r.kind === 'original');
    const pool = new ThreadPool({ size: 1, appRoot: path.resolve(import.meta.dirname, '../..'), handlerModules: [path.resolve('lib/unlearning/pool-handlers.ts')] });
    try {
      // attempt 1 dies in epoch 3 (a worker killed by the machine's OOM killer, say)
      const first = await claimRun(original.id, 'dead-worker-1');
      await updateRunProgress(original.id, first!.attempt, { phase: 'training epoch 3 of 40', progress: 0.07, progressDetail: {} });
      // the queue hands the job out again: attempt 2 notes the death and goes on…
      const before = (await findRun(original.id))!;
      const second = await claimRun(original.id, 'dead-worker-2');
      expect(await stopRepeatedInterruption(before, second!)).toBe(false);
      // …and dies at the same point
      await updateRunProgress(original.id, second!.attempt, { phase: 'training epoch 3 of 40', progress: 0.07, progressDetail: {} });
      // attempt 3 is not computed
      await executeRun(original.id, { pool, workerId: 'survivor' });
      const [after] = (await listRuns(study.id)).filter((r) => r.id === original.id);
      expect(after.status).toBe('failed');
      expect(after.error).toMatch(/^Stopped twice the same way \(the worker stopped during training epoch\), so it is not retried again/);
      expect(after.attempt).toBe(3);
      expect(after.failures.map((f) => f.fingerprint)).toEqual([interruptionFingerprint('training epoch 3 of 40'), 'the worker stopped during training epoch']);
      expect(after.manifest).toBeNull();
    } finally {
      await pool.close();
    }
  }, 120_000);
});
