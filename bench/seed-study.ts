/**
 * What the benchmarks that read a finished study share: a user, a team, the digits dataset, a
 * class scenario and a study of `seeds` x `methods` seeded without training
 * (lib/results/seed-fixture: real metrics records of 10 classes with a sensitive attribute).
 * Callers set DATABASE_URL and LETHE_DATA_DIR first and run under the react-server condition
 * (the db modules import 'server-only').
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '@/lib/auth/actor';

const ROOT = path.resolve(import.meta.dirname, '..');

export const BENCH_METHODS = ['finetune', 'neggrad', 'neggrad-plus', 'random-labels', 'scrub', 'salun', 'ssd', 'fisher', 'amnesiac', 'sisa', 'certified-removal'];

export interface BenchStudy {
  actor: Actor;
  email: string;
  password: string;
  teamId: string;
  studyId: string;
  methods: string[];
  seedSeconds: number;
}

export async function seedBenchStudy(options: { seeds: number; methods: number }): Promise<BenchStudy> {
  const { signUp } = await import('@/lib/auth/accounts');
  const { actorFromUser } = await import('@/lib/auth/actor');
  const { createTeam } = await import('@/lib/auth/teams');
  const { createDataset, parseUploadOptions } = await import('@/lib/datasets/service');
  const { createScenario } = await import('@/lib/datasets/scenarios');
  const { seedFinishedStudy } = await import('@/lib/results/seed-fixture');

  // A fresh address each time, so the same database can take several bench runs.
  const email = `bench-${Date.now()}@lethe.test`;
  const password = 'bench-password-1';
  const user = await signUp({ email, name: 'Bench', password });
  const actor = actorFromUser(user, 'session');
  if (!actor) throw new Error('bench user disabled');
  const team = await createTeam(actor, 'Bench lab');
  const access = { actor, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const dataset = await createDataset(access, parseUploadOptions({ name: 'Digits 8x8' }), [{ role: 'file', name: 'digits.csv', source: [fs.readFileSync(path.join(ROOT, 'db/seed-data/digits.csv'))] }]);
  const scenario = await createScenario(actor, dataset.id, { name: 'Forget class 3', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['3'] } });
  const methods = BENCH_METHODS.slice(0, options.methods);
  const start = process.hrtime.bigint();
  const { studyId } = await seedFinishedStudy({
    teamId: team.id,
    createdBy: actor.id,
    scenarioId: scenario.id,
    name: 'Bench study',
    seeds: options.seeds,
    methods,
    numClasses: 10,
    sizes: { forget: 180, retain: 1200, test: 360 },
    groups: 2,
  });
  return { actor, email, password, teamId: team.id, studyId, methods, seedSeconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
