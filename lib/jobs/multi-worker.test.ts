/**
 * Several worker processes sharing one Postgres database (the deployment with DATABASE_URL):
 * a worker killed mid-run (SIGKILL) leaves its run to another worker, which completes it with
 * exactly one set of results; many queued runs across two workers each run exactly once.
 * Needs a Postgres server: skipped on the embedded database (one process per data directory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listArtifactKeys, listRuns } from '@/db/queries/studies';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { createScenario } from '@/lib/datasets/scenarios';
import { createStudy } from '@/lib/studies/service';
import { makeTeam } from '@/test/factories';

const onPostgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');
const ROOT = path.resolve(import.meta.dirname, '../..');
const IRIS = path.join(ROOT, 'db/seed-data/iris.csv');

const children: ChildProcess[] = [];

function spawnWorker(label: string): ChildProcess {
  // node itself with tsx as a loader (not the tsx CLI, which runs a second process that a kill would miss).
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'lib/jobs/worker-main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LETHE_WORKER_CONCURRENCY: '1', LETHE_JOB_HEARTBEAT_SECONDS: '10' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => process.env.LETHE_TEST_VERBOSE && process.stdout.write(`[${label}] ${d}`));
  child.stderr?.on('data', (d) => process.stderr.write(`[${label}] ${d}`));
  children.push(child);
  return child;
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function irisScenario() {
  const { team, owner } = await makeTeam();
  const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const dataset = await createDataset(access, parseUploadOptions({ name: 'Iris' }), [{ role: 'file', name: 'iris.csv', source: [fs.readFileSync(IRIS)] }]);
  const scenario = await createScenario(owner, dataset.id, { name: 'Random 20%', category: 'privacy', seed: 3, selector: { kind: 'randomFraction', fraction: 0.2 } });
  return { team, owner, scenario };
}

describe.skipIf(!onPostgres)('several worker processes on one Postgres', () => {
  it('a killed worker’s run is completed by another worker, with one set of results', async () => {
    const { team, owner, scenario } = await irisScenario();
    const { study } = await createStudy(owner, team.id, {
      name: 'Kill test',
      scenarioId: scenario.id,
      modelSpec: { kind: 'mlp', hidden: [64] },
      recipe: { epochs: 400, batchSize: 8, optimizer: { kind: 'adam', learningRate: 0.001 } },
      seeds: 1,
      methods: [],
    });
    const first = spawnWorker('worker-a');
    const running = await until('a running run', async () => (await listRuns(study.id)).find((r) => r.status === 'running' && r.progress > 0), 90_000);
    const firstWorker = running.workerId;
    first.kill('SIGKILL');
    spawnWorker('worker-b');
    const done = await until(
      'the study to finish on the second worker',
      async () => {
        const runs = await listRuns(study.id);
        return runs.every((r) => r.status === 'succeeded') && runs;
      },
      240_000,
    );
    const retried = done.find((r) => r.id === running.id);
    expect(retried?.attempt).toBeGreaterThanOrEqual(2);
    expect(retried?.workerId).not.toBe(firstWorker);
    for (const run of done) {
      expect((await listArtifactKeys(run.id)).sort()).toEqual(['encoding', 'model', 'per-example', 'per-example-outputs']);
    }
  }, 360_000);

  it('50 queued runs across two workers all finish exactly once', async () => {
    const { team, owner, scenario } = await irisScenario();
    const { study, runs } = await createStudy(owner, team.id, {
      name: 'Fifty',
      scenarioId: scenario.id,
      modelSpec: { kind: 'logistic' },
      recipe: { epochs: 1, batchSize: 32, optimizer: { kind: 'sgd', learningRate: 0.1 } },
      seeds: 25,
      methods: [],
    });
    expect(runs).toHaveLength(50);
    spawnWorker('worker-1');
    spawnWorker('worker-2');
    const done = await until(
      'all 50 runs',
      async () => {
        const current = await listRuns(study.id);
        return current.every((r) => r.status === 'succeeded') && current;
      },
      300_000,
    );
    expect(done.every((r) => r.attempt === 1)).toBe(true);
    expect(new Set(done.map((r) => r.workerId)).size).toBe(2);
  }, 360_000);
});
