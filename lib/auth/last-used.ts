/**
 * When a credential's use (an API token, a share link) is worth writing down. "Last used" is
 * shown to the minute, while one page can spend a credential many times in a second (a shared
 * dashboard's image grid asks once per image): writing every use made a write per request.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** True when nothing was recorded yet, or the recorded use is a resolution or more in the past. */
export function shouldRecordUse(lastUsedAt: Date | null, now: Date = new Date()): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}
