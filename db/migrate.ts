/**
 * Applies the SQL migrations in drizzle/ on start. On Postgres an advisory lock serialises
 * processes that start together (several workers, parallel test files).
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { DatabaseTarget } from './config';

const MIGRATION_LOCK_KEY = 7_240_101;

export function migrationsFolder(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.LETHE_MIGRATIONS_DIR || path.join(process.cwd(), 'drizzle'));
}

export async function runMigrations<S extends Record<string, unknown>>(
  db: PgDatabase<PgQueryResultHKT, S>,
  target: DatabaseTarget,
): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (target.kind !== 'postgres') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(db as never, config);
    return;
  }
  // A session-level advisory lock needs one connection for lock, migrate and unlock.
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    const single = drizzle(client);
    await single.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await migrate(single, config);
    } finally {
      await single.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
