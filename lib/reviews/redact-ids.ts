/**
 * Replaces every UUID in a value (strings, and object keys such as row keys that embed a
 * study id) by a stable alias, so a shared dashboard carries no id of a team resource a link
 * holder could try against the API. The same id gets the same alias everywhere in the value,
 * so keys that join parts of the data (row keys, baseline keys, run ids of a chart) still match.
 * Numbers, booleans and null pass through untouched (a JSON round trip would turn NaN and
 * Infinity into null).
 *
 * A share link's routes (the dashboard, its exports and per-run charts) each redact with one
 * redactor seeded with the share's studies and runs in a fixed order, so a run is `shared-N`
 * in every response and from one request to the next, even while runs finish and rows fill in,
 * and an alias sent back (`?runId=shared-7`) leads to the run it stood for.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface IdRedactor {
  redact<T>(value: T): T;
  /** The id behind an alias this redactor gave out (or was seeded with), if any. */
  idOf(alias: string): string | undefined;
}

/** A redactor whose first aliases are `known`, in order (`shared-1` is known[0]); other ids follow as met. */
export function idRedactor(known: readonly string[] = []): IdRedactor {
  const aliases = new Map<string, string>();
  const ids = new Map<string, string>();
  const aliasOf = (id: string) => {
    const key = id.toLowerCase();
    let a = aliases.get(key);
    if (!a) {
      a = `shared-${aliases.size + 1}`;
      aliases.set(key, a);
      ids.set(a, key);
    }
    return a;
  };
  for (const id of known) aliasOf(id);
  const alias = (s: string) => s.replace(UUID, aliasOf);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return alias(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Date) return v;
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [alias(k), walk(x)]));
    return v;
  };
  return { redact: <T>(value: T) => walk(value) as T, idOf: (a) => ids.get(a) };
}
