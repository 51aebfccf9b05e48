/**
 * Where the database and local state live, from the environment.
 * - DATABASE_URL unset: embedded PGlite in `<LETHE_DATA_DIR>/pglite` (default `.data/`).
 * - DATABASE_URL=pglite://memory: an in-memory PGlite (tests, throwaway end-to-end servers).
 * - DATABASE_URL=postgres://...: a real Postgres server through postgres.js.
 */
import path from 'node:path';

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' }
  | { kind: 'postgres'; url: string };

export function dataDirectory(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.LETHE_DATA_DIR || '.data');
}

export function databaseTarget(): DatabaseTarget {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return { kind: 'pglite', dataDir: path.join(dataDirectory(), 'pglite') };
  if (url === 'pglite://memory') return { kind: 'pglite-memory' };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new Error(
    `DATABASE_URL must be a postgres:// URL or pglite://memory; got "${url.slice(0, 40)}". Unset it to use the embedded database in .data/.`,
  );
}

/** A short description for logs: never prints a password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `embedded PGlite in ${target.dataDir}`;
  if (target.kind === 'pglite-memory') return 'in-memory PGlite';
  const u = new URL(target.url);
  return `Postgres at ${u.hostname}${u.port ? ':' + u.port : ''}${u.pathname}`;
}
