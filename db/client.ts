/**
 * The database client: PGlite (embedded default) or Postgres, one drizzle API for both.
 * Cached on globalThis so dev reloads and the several module graphs of one Next.js process
 * share one connection (PGlite must never be opened twice in a process).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { databaseTarget, describeTarget, type DatabaseTarget } from './config';
import { lockDataDirectory } from './pglite-lock';
import { runMigrations } from './migrate';
import { PGLITE_BYTEA_OPTIONS } from './pglite-bytea';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  target: DatabaseTarget;
  /** The embedded database itself, for pg-boss's PGlite adapter (undefined on Postgres). */
  pglite?: import('@electric-sql/pglite').PGlite;
  close(): Promise<void>;
}

const globalForDb = globalThis as unknown as { letheDb?: Promise<DbHandle> };

async function open(target: DatabaseTarget): Promise<DbHandle> {
  if (target.kind === 'postgres') {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(target.url, { max: Number(process.env.LETHE_DB_POOL || 10), onnotice: () => {} });
    const db = drizzle(client, { schema }) as unknown as Db;
    return { db, target, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (target.kind === 'pglite') {
    lockDataDirectory(target.dataDir);
    if (!existsSync(path.join(target.dataDir, 'PG_VERSION'))) {
      // Creating a data directory runs initdb in a wasm instance of its own, which the PGlite
      // that ran it keeps alive (~500 MB of RSS for the life of the process). Create the
      // directory with a throwaway instance, so the one the app keeps starts like a restart.
      const creator = new PGlite(target.dataDir);
      await creator.waitReady;
      await creator.close();
    }
  }
  const client = new PGlite(target.kind === 'pglite' ? target.dataDir : 'memory://', { ...PGLITE_BYTEA_OPTIONS, startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'] });
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, target, pglite: client, close: () => client.close() };
}

/** Opens (once per process), migrates, and returns the database. */
export function getDbHandle(): Promise<DbHandle> {
  if (!globalForDb.letheDb) {
    const target = databaseTarget();
    globalForDb.letheDb = (async () => {
      const handle = await open(target);
      await runMigrations(handle.db, target);
      return handle;
    })();
    globalForDb.letheDb.catch(() => {
      globalForDb.letheDb = undefined;
    });
  }
  return globalForDb.letheDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

const closeHooks = new Set<() => Promise<void>>();

/** Runs `hook` before the database closes (the queue stops before its connection goes). */
export function beforeDbClose(hook: () => Promise<void>): () => void {
  closeHooks.add(hook);
  return () => closeHooks.delete(hook);
}

/** Closes the cached connection (tests, worker shutdown). */
export async function closeDb(): Promise<void> {
  const pending = globalForDb.letheDb;
  globalForDb.letheDb = undefined;
  for (const hook of [...closeHooks]) await hook().catch(() => {});
  closeHooks.clear();
  if (pending) await (await pending).close();
}

export { describeTarget };
