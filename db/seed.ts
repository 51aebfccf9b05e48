/**
 * The demo seed: a site admin with known credentials and a demo team, so a fresh clone can sign
 * in at once. Runs on the embedded database by default; on Postgres only with LETHE_SEED_DEMO=1
 * (a shared server should not get an account with a published password by accident).
 * It orchestrates lib/ services, so unlike the query modules it sits above them.
 */
import { signUp } from '@/lib/auth/accounts';
import { actorFromUser } from '@/lib/auth/actor';
import { createTeam } from '@/lib/auth/teams';
import { countUsers } from './queries/users';
import type { DatabaseTarget } from './config';

export const DEMO_ADMIN = { email: 'admin@lethe.local', password: 'lethe-demo-1', name: 'Demo Admin' } as const;
export const DEMO_TEAM = 'Demo lab';

export function shouldSeedDemo(target: DatabaseTarget): boolean {
  if (process.env.LETHE_SEED_DEMO === '0') return false;
  return target.kind === 'pglite' || process.env.LETHE_SEED_DEMO === '1';
}

/** Seeds once: only into an installation without users. Returns true when it seeded. */
export async function seedDemo(): Promise<boolean> {
  if ((await countUsers()) > 0) return false;
  const user = await signUp({ email: DEMO_ADMIN.email, name: DEMO_ADMIN.name, password: DEMO_ADMIN.password });
  const actor = actorFromUser(user, 'session');
  await createTeam(actor, DEMO_TEAM);
  return true;
}
