/**
 * Where to send the browser after sign-in: only a path that, resolved against the app's own
 * origin, stays on that origin. Browsers treat `\` like `/` and drop tabs and newlines inside
 * URLs, so `/\evil.example` and `/\t/evil.example` are other origins although they start
 * with a single `/`; resolving with the WHATWG URL parser (what the browser does) catches them.
 */
const PROBE_ORIGIN = 'http://lethe.invalid';

export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  let resolved: URL;
  try {
    resolved = new URL(next, PROBE_ORIGIN);
  } catch {
    return '/';
  }
  if (resolved.origin !== PROBE_ORIGIN) return '/';
  // Re-serialised from the parsed URL, so what the browser follows is exactly what was checked.
  return resolved.pathname + resolved.search + resolved.hash;
}

/** The invite token when `next` leads back to an invitation (/invite/<token>), else null. */
export function inviteTokenOf(next: unknown): string | null {
  const path = safeNextPath(next);
  return /^\/invite\/([A-Za-z0-9_-]{1,200})$/.exec(path)?.[1] ?? null;
}
