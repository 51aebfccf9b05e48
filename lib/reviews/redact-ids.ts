/**
 * Replaces every UUID in a value (strings, and object keys such as row keys that embed a
 * study id) by a stable alias, so a shared dashboard carries no id of a team resource a link
 * holder could try against the API. The same id gets the same alias everywhere in the value,
 * so keys that join parts of the data (row keys, baseline keys, run ids of a chart) still match.
 * Numbers, booleans and null pass through untouched (a JSON round trip would turn NaN and
 * Infinity into null).
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function redactIds<T>(value: T): T {
  const aliases = new Map<string, string>();
  const alias = (s: string) =>
    s.replace(UUID, (id) => {
      const key = id.toLowerCase();
      let a = aliases.get(key);
      if (!a) {
        a = `shared-${aliases.size + 1}`;
        aliases.set(key, a);
      }
      return a;
    });
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return alias(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Date) return v;
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [alias(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
