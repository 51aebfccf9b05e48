/**
 * The one typed error of the db/ query modules. Queries translate driver errors (PGlite and
 * postgres.js differ in shape) into a DbError so callers can react to a unique violation
 * without knowing the driver.
 */

export type DbErrorKind = 'unique_violation' | 'foreign_key_violation' | 'unknown';

export class DbError extends Error {
  readonly kind: DbErrorKind;
  readonly constraint?: string;

  constructor(kind: DbErrorKind, message: string, options: { cause?: unknown; constraint?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DbError';
    this.kind = kind;
    this.constraint = options.constraint;
  }
}

interface PgErrorLike {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  cause?: unknown;
  message?: string;
}

function findPgError(err: unknown): PgErrorLike | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const candidate = current as PgErrorLike;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

export function toDbError(err: unknown, action: string): DbError {
  if (err instanceof DbError) return err;
  const pg = findPgError(err);
  const constraint = pg?.constraint ?? pg?.constraint_name;
  if (pg?.code === '23505') return new DbError('unique_violation', `${action}: duplicate value`, { cause: err, constraint });
  if (pg?.code === '23503') return new DbError('foreign_key_violation', `${action}: referenced row missing or still referenced`, { cause: err, constraint });
  return new DbError('unknown', `${action} failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}

/** True when the error came from the database server (it carries a SQLSTATE code). */
export function isDatabaseError(err: unknown): boolean {
  return findPgError(err) !== undefined;
}

/** Runs a query and rethrows any failure as a DbError naming the action. */
export async function query<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toDbError(err, action);
  }
}
