import { describe, expect, it } from 'vitest';
import { LAST_USED_RESOLUTION_MS, shouldRecordUse } from './last-used';

describe('shouldRecordUse', () => {
  const now = new Date('2026-12-04T10:00:00Z');
  it('records a first use, and a use a resolution or more after the recorded one', () => {
    expect(shouldRecordUse(null, now)).toBe(true);
    expect(shouldRecordUse(new Date(now.getTime() - LAST_USED_RESOLUTION_MS), now)).toBe(true);
    expect(shouldRecordUse(new Date(now.getTime() - 5 * LAST_USED_RESOLUTION_MS), now)).toBe(true);
  });
  it('skips uses within a resolution of the recorded one', () => {
    expect(shouldRecordUse(new Date(now.getTime() - LAST_USED_RESOLUTION_MS + 1), now)).toBe(false);
    expect(shouldRecordUse(now, now)).toBe(false);
  });
});
