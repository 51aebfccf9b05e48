/**
 * Runs once per server process before requests (not during build): database and demo seed,
 * then the in-process worker unless LETHE_WORKER=off (web-only processes sharing a Postgres
 * server with `npm run worker` processes).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before the first request: the socket address is what sign-in throttling and the audit log use.
  const { installPeerAddressHook } = await import('./lib/auth/client-ip');
  installPeerAddressHook();
  const { boot } = await import('./lib/boot');
  await boot();
  if (process.env.LETHE_WORKER === 'off') {
    console.log('[lethe] LETHE_WORKER=off: this process serves the web app only');
    return;
  }
  const { startWorker } = await import('./lib/jobs/worker');
  await startWorker();
}
