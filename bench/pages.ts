/**
 * Page benchmark (npm run bench:pages): the study page, the results dashboard and the share page
 * of a finished 32-seed x 10-method study (384 runs, seeded without training by
 * bench/seed-study.ts), served by a production server, side by side with the results API
 * (GET /api/v1/studies/{id}/results) on the same study. For each: the bytes of the HTML (the
 * whole response, with the RSC payload Next.js inlines), the server time of one request alone
 * (to the first byte and to the last), and requests/s with 20 concurrent clients.
 *
 * Target: each page serves at least half the API's requests/s, with under 100 KB of HTML.
 *
 * Server:
 * - BENCH_URL=http://host:port: a running `next start` whose database is DATABASE_URL here
 *   (Postgres: the study is seeded straight into it, then read over HTTP) and whose data
 *   directory is LETHE_DATA_DIR here (uploaded dataset files live there).
 * - without BENCH_URL: a fresh database on BENCH_DATABASE_URL's server (bench/queue-study.ts),
 *   `next build`, then `next start` on port 3217 against it; both stop at the end.
 *
 * Pages are read signed in (the Auth.js credentials sign-in, as a browser does), the API with an
 * API token, the share page with the share link alone.
 *
 * Options: --seeds N (default 32), --methods N (default 10), --clients N (default 20),
 * --seconds N of load per target (default 10), --save-html DIR (writes each target's last answer
 * there, to see what its bytes are made of).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withBenchDatabase } from './queue-study';
import { seedBenchStudy, type BenchStudy } from './seed-study';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = 3217;
const HTML_BUDGET = 100 * 1024;

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SEEDS = option('seeds', 32);
const METHODS = option('methods', 10);
const CLIENTS = option('clients', 20);
const SECONDS = option('seconds', 10);
const SAVE_DIR = args.includes('--save-html') ? args[args.indexOf('--save-html') + 1] : undefined;

interface Target {
  name: string;
  path: string;
  headers: Record<string, string>;
  page: boolean;
}

interface Measured {
  target: Target;
  bytes: number;
  firstByteMs: number;
  totalMs: number;
  rps: number;
  p50: number;
  p95: number;
  errors: number;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

/** One request read to its end: status, bytes, time to the first chunk and to the last. */
async function timedGet(base: string, target: Target, keep?: Uint8Array[]): Promise<{ status: number; bytes: number; firstByteMs: number; totalMs: number }> {
  const start = process.hrtime.bigint();
  const res = await fetch(base + target.path, { headers: target.headers, redirect: 'manual' });
  let firstByteMs = NaN;
  let bytes = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    if (Number.isNaN(firstByteMs)) firstByteMs = ms(start);
    bytes += chunk.value.byteLength;
    keep?.push(chunk.value);
  }
  return { status: res.status, bytes, firstByteMs, totalMs: ms(start) };
}

async function measure(base: string, target: Target): Promise<Measured> {
  // A few requests alone: the first warms the route's compilation caches and is not counted.
  const alone: Array<Awaited<ReturnType<typeof timedGet>>> = [];
  const lastBody: Uint8Array[] = [];
  for (let i = 0; i < 6; i++) {
    lastBody.length = 0;
    const r = await timedGet(base, target, lastBody);
    if (r.status !== 200) throw new Error(`${target.name}: GET ${target.path} answered ${r.status}`);
    if (i > 0) alone.push(r);
  }
  if (SAVE_DIR) {
    mkdirSync(SAVE_DIR, { recursive: true });
    writeFileSync(path.join(SAVE_DIR, `${target.name.replaceAll(' ', '-')}.${target.page ? 'html' : 'json'}`), Buffer.concat(lastBody));
  }
  const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < end) {
        const r = await timedGet(base, target).catch(() => null);
        if (!r || r.status !== 200) errors++;
        else latencies.push(r.totalMs);
      }
    }),
  );
  const elapsed = ms(start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    target,
    bytes: alone[alone.length - 1].bytes,
    firstByteMs: median(alone.map((r) => r.firstByteMs)),
    totalMs: median(alone.map((r) => r.totalMs)),
    rps: latencies.length / elapsed,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    errors,
  };
}

/** Signs in through Auth.js as a browser does; returns the Cookie header of the session. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/` }).toString(),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes('session-token'))) throw new Error(`sign-in did not set a session cookie (status ${res.status})`);
  return cookie();
}

async function targets(base: string, seeded: BenchStudy): Promise<Target[]> {
  const { createApiToken } = await import('@/lib/auth/api-tokens');
  const { createShareLink } = await import('@/lib/reviews/service');
  const { token } = await createApiToken(seeded.actor, 'bench:pages');
  const share = await createShareLink(seeded.actor, seeded.teamId, { targetType: 'study', targetId: seeded.studyId });
  const cookie = await signIn(base, seeded.email, seeded.password);
  const study = `/teams/${seeded.teamId}/studies/${seeded.studyId}`;
  return [
    { name: 'results API', path: `/api/v1/studies/${seeded.studyId}/results`, headers: { authorization: `Bearer ${token}` }, page: false },
    { name: 'study page', path: study, headers: { cookie }, page: true },
    { name: 'dashboard page', path: `${study}/results`, headers: { cookie }, page: true },
    { name: 'share page', path: `/share/${share.token}`, headers: {}, page: true },
  ];
}

function report(results: Measured[]): boolean {
  const api = results.find((r) => !r.target.page);
  if (!api) throw new Error('no API baseline');
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  console.log(`\n${'target'.padEnd(16)}${'HTML'.padStart(9)}${'1st byte'.padStart(10)}${'alone'.padStart(9)}${'req/s'.padStart(8)}${'p50'.padStart(9)}${'p95'.padStart(9)}  target (≥ ${(api.rps / 2).toFixed(1)} req/s, < ${kb(HTML_BUDGET)})`);
  let ok = true;
  for (const r of results) {
    const meets = !r.target.page || (r.rps >= api.rps / 2 && r.bytes < HTML_BUDGET && r.errors === 0);
    ok &&= meets;
    const verdict = r.target.page ? (meets ? 'meets' : `misses${r.rps < api.rps / 2 ? ' (throughput)' : ''}${r.bytes >= HTML_BUDGET ? ' (size)' : ''}${r.errors ? ` (${r.errors} errors)` : ''}`) : 'baseline';
    console.log(
      `${r.target.name.padEnd(16)}${kb(r.bytes).padStart(9)}${`${r.firstByteMs.toFixed(0)} ms`.padStart(10)}${`${r.totalMs.toFixed(0)} ms`.padStart(9)}${r.rps.toFixed(1).padStart(8)}${`${r.p50.toFixed(0)} ms`.padStart(9)}${`${r.p95.toFixed(0)} ms`.padStart(9)}  ${verdict}`,
    );
  }
  console.log(`(${CLIENTS} clients for ${SECONDS} s each; "alone" is one request by itself, to its last byte; API bytes are its JSON)`);
  return ok;
}

async function bench(base: string): Promise<boolean> {
  const seeded = await seedBenchStudy({ seeds: SEEDS, methods: METHODS });
  console.log(`seeded ${SEEDS} seeds x ${seeded.methods.length} methods (${SEEDS * (seeded.methods.length + 2)} runs) in ${seeded.seedSeconds.toFixed(1)} s`);
  const list = await targets(base, seeded);
  // The seeding is done: close this process's pool before the load (and before the bench
  // database is dropped), so only the server talks to the database while it is measured.
  const { closeDb } = await import('@/db/client');
  await closeDb();
  const results: Measured[] = [];
  for (const target of list) {
    console.log(`measuring ${target.name} …`);
    results.push(await measure(base, target));
  }
  return report(results);
}

async function waitForServer(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const up = await fetch(`${base}/sign-in`).then((r) => r.ok).catch(() => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('next start did not answer within 120 s');
}

/** `next build` and `next start` against the bench database the caller has set up. */
async function withOwnServer(body: (base: string) => Promise<boolean>): Promise<boolean> {
  const build = spawnSync('npx', ['next', 'build'], { cwd: ROOT, env: process.env, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('next build failed');
  const server = spawn('npx', ['next', 'start', '-p', String(PORT)], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitForServer(base, server);
    return await body(base);
  } finally {
    // npx starts next as a child: stop the whole process group this bench started.
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}

async function main() {
  const given = process.env.BENCH_URL?.replace(/\/$/, '');
  if (given && !process.env.DATABASE_URL?.startsWith('postgres')) throw new Error('With BENCH_URL, set DATABASE_URL to the Postgres database that server uses.');
  const ok = given ? await bench(given) : await withBenchDatabase(() => withOwnServer(bench));
  if (!ok) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
