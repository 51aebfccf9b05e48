/**
 * The client's address for the audit log and sign-in throttling: the first entry of
 * X-Forwarded-For, which the reverse proxy in front of the app sets (null without one).
 */
export function clientIpFrom(headers: { get(name: string): string | null } | undefined): string | null {
  return headers?.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
}
