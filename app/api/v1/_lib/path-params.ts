/**
 * Path parameters are checked once, here, before any route runs: an id that is not a UUID or a
 * number outside what the database stores (`/versions/99999999999999999999/rows`) answers 404
 * like any other address that names nothing, instead of reaching a query and failing there.
 * Parameters are recognised by name: every `...Id` is a UUID; `version` and `row` are whole
 * numbers that fit a Postgres integer.
 */
import { isUuid } from '@/lib/auth/gate';
import { AppError } from '@/lib/errors';

/** The largest Postgres `integer`. */
export const MAX_PATH_INTEGER = 2_147_483_647;

const WHOLE_NUMBER = /^\d{1,10}$/;

function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

function isStorableInteger(text: string, min: number): boolean {
  if (!WHOLE_NUMBER.test(text)) return false;
  const n = Number(text);
  return n >= min && n <= MAX_PATH_INTEGER;
}

/** Throws a 404 naming the first parameter that cannot name anything. */
export function checkPathParams(params: Record<string, unknown>): void {
  for (const [name, raw] of Object.entries(params)) {
    if (typeof raw !== 'string') continue;
    if (name.endsWith('Id') && !isUuid(raw)) {
      throw new AppError('not_found', `Nothing has the ${name} ${quoted(raw)}: ids are UUIDs.`, { field: name });
    }
    if (name === 'version' && !isStorableInteger(raw, 1)) {
      throw new AppError('not_found', `Version ${quoted(raw)} was not found: versions are whole numbers from 1 to ${MAX_PATH_INTEGER}.`, { field: name });
    }
    if (name === 'row' && !isStorableInteger(raw.replace(/\.png$/, ''), 0)) {
      throw new AppError('not_found', `Row ${quoted(raw)} was not found: rows are whole numbers from 0 to ${MAX_PATH_INTEGER}.`, { field: name });
    }
  }
}
