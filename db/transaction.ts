import 'server-only';
import { getDb, type Db } from './client';
import { isDatabaseError, toDbError } from './errors';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Runs `fn` in one transaction: changes and their audit events commit together. Errors thrown
 * by `fn` itself (a refused change) roll back and pass through unchanged; database errors
 * become DbError.
 */
export async function inTransaction<T>(action: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  try {
    return await db.transaction(fn);
  } catch (err) {
    throw isDatabaseError(err) ? toDbError(err, action) : err;
  }
}
