/**
 * Fashion-MNIST for the benchmarks, from Debian's dataset-fashion-mnist package: the IDX files
 * as upload parts (for benches that go through the app) or ingested in memory (for benches that
 * call lib/ directly).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ingestIdx } from '../lib/data';

export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

const FILES = {
  images: 'train-images-idx3-ubyte.gz',
  labels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/** Whether the package is installed; prints how to install it when not. */
export function fashionAvailable(): boolean {
  if (fs.existsSync(path.join(FASHION_DIR, FILES.images))) return true;
  console.log(`SKIPPED: Fashion-MNIST not found in ${FASHION_DIR} (apt-get install -y dataset-fashion-mnist).`);
  return false;
}

/** The four IDX files as the dataset upload's parts, streamed from disk. */
export function fashionUploadParts() {
  return (Object.keys(FILES) as Array<keyof typeof FILES>).map((role) => ({ role, name: FILES[role], source: fs.createReadStream(path.join(FASHION_DIR, FILES[role])) }));
}

/** Train and test sets parsed in memory (70,000 images). */
export async function ingestFashion() {
  const file = (name: string) => [new Uint8Array(fs.readFileSync(path.join(FASHION_DIR, name)))];
  return ingestIdx({ images: file(FILES.images), labels: file(FILES.labels), test: { images: file(FILES.testImages), labels: file(FILES.testLabels) } });
}

/**
 * A bench owner's team with Fashion-MNIST uploaded and a random-rows scenario (`fraction` of the
 * training rows, 10% unless given), made through the
 * app's own services (imported here, so only after the caller has set DATABASE_URL and
 * LETHE_DATA_DIR). `uploadSeconds` times the whole upload (parse and store).
 */
export async function fashionTeamWithScenario(name: string, fraction = 0.1) {
  const { signUp } = await import('@/lib/auth/accounts');
  const { actorFromUser } = await import('@/lib/auth/actor');
  const { createTeam } = await import('@/lib/auth/teams');
  const { createDataset, parseUploadOptions } = await import('@/lib/datasets/service');
  const { createScenario } = await import('@/lib/datasets/scenarios');
  const login = name.toLowerCase();
  const user = await signUp({ email: `${login}@lethe.local`, name, password: `${login}-password-1` });
  const actor = actorFromUser(user, 'session')!;
  const team = await createTeam(actor, name);
  const access = { actor, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const t0 = performance.now();
  const dataset = await createDataset(access, parseUploadOptions({ name: 'Fashion-MNIST', format: 'idx' }), fashionUploadParts());
  const uploadSeconds = (performance.now() - t0) / 1000;
  const scenario = await createScenario(actor, dataset.id, { name: `${fraction * 100}% random rows`, category: 'privacy', seed: 1, selector: { kind: 'randomFraction', fraction } });
  return { actor, team, dataset, scenario, uploadSeconds };
}
