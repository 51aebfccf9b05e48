/**
 * Runs once per server process before requests (not during build): database and demo seed,
 * then the in-process worker unless LETHE_WORKER=off (web-only processes sharing a Postgres
 * server with `npm run worker` processes).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { boot } = await import('./lib/boot');
  await boot();
  if (process.env.LETHE_WORKER === 'off') {
    console.log('[lethe] LETHE_WORKER=off: this process serves the web app only');
    return;
  }
  const { startWorker } = await import('./lib/jobs/worker');
  await startWorker();
}
