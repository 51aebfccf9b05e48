/**
 * Start-up of a server process: open and migrate the database, seed the demo when it applies,
 * and print where things are and how to sign in.
 */
import { describeTarget, getDbHandle } from '@/db/client';
import { DEMO_ADMIN, seedDemo, shouldSeedDemo } from '@/db/seed';
import { countUsers, findUserByEmail } from '@/db/queries/users';

export async function boot(options: { seed?: boolean } = {}): Promise<void> {
  const started = Date.now();
  const { target } = await getDbHandle();
  console.log(`[lethe] database: ${describeTarget(target)} (migrated in ${Date.now() - started} ms)`);
  if (options.seed !== false && shouldSeedDemo(target)) {
    const seeded = await seedDemo();
    if (seeded) console.log('[lethe] seeded the demo: a site admin, the team "Demo lab" and five datasets');
    const demo = await findUserByEmail(DEMO_ADMIN.email);
    if (demo && !demo.disabledAt) {
      console.log(`[lethe] demo admin: sign in with ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
    }
  } else if (options.seed !== false && (await countUsers()) === 0) {
    console.log('[lethe] no users yet: the first account created at /sign-up becomes the site admin');
  }
}
