/**
 * `npm run worker`: a worker process sharing the queue and database with the web processes.
 * Needs DATABASE_URL (a Postgres server): the embedded database belongs to the app process.
 */
import { boot } from '@/lib/boot';
import { closeDb } from '@/db/client';
import { startWorker } from './worker';

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL?.startsWith('postgres')) {
    console.error(
      'npm run worker needs DATABASE_URL pointing at the Postgres server the web app uses. ' +
        'With the embedded database (no DATABASE_URL) the worker already runs inside `npm run dev` / `npm start`.',
    );
    process.exit(2);
  }
  await boot({ seed: false });
  const worker = await startWorker();
  const shutdown = async (signal: string) => {
    console.log(`[lethe] ${signal}: stopping worker ${worker.id}`);
    await worker.stop();
    await closeDb();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('[lethe] worker failed to start:', err);
  process.exit(1);
});
