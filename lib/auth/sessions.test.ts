import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { makeUser, TEST_PASSWORD, tokenFor } from '@/test/factories';
import { changePassword } from './accounts';
import { actorFromAuthorization } from './api-tokens';
import { endOtherSessions, endSession, isLiveSession, SESSION_IDLE_HOURS, SESSION_MAX_DAYS, startSession } from './sessions';

const HOUR = 3_600_000;

function at(start: Date, ms: number): Date {
  return new Date(start.getTime() + ms);
}

describe('revocable sessions', () => {
  it('ends a session on sign-out: the same cookie (session id) no longer works', async () => {
    const user = await makeUser('signout');
    const session = await startSession(user.id, '203.0.113.9', 'test');
    expect(await isLiveSession(session.id, user.id)).toBe(true);
    await endSession(session.id, user.id);
    expect(await isLiveSession(session.id, user.id)).toBe(false);
  });

  it('refuses a cookie without a session id, a malformed one and another user’s session', async () => {
    const user = await makeUser('nosid');
    const other = await makeUser('other');
    const session = await startSession(other.id, null, null);
    expect(await isLiveSession(undefined, user.id)).toBe(false);
    expect(await isLiveSession('not-a-uuid', user.id)).toBe(false);
    expect(await isLiveSession(session.id, user.id)).toBe(false);
  });

  it('expires after the idle time, slides forward with use, and never outlives the absolute lifetime', async () => {
    const user = await makeUser('idle');
    const t0 = new Date();
    const unused = await startSession(user.id, null, null, t0);
    expect(await isLiveSession(unused.id, user.id, at(t0, SESSION_IDLE_HOURS * HOUR + 1000))).toBe(false);

    const used = await startSession(user.id, null, null, t0);
    // Used every (idle - 1) hours: stays alive past the first idle deadline...
    let now = t0;
    const step = (SESSION_IDLE_HOURS - 1) * HOUR;
    while (now.getTime() + step < t0.getTime() + SESSION_MAX_DAYS * 24 * HOUR) {
      now = at(now, step);
      expect(await isLiveSession(used.id, user.id, now)).toBe(true);
    }
    // ...but not past the absolute lifetime, however recently it was used.
    expect(await isLiveSession(used.id, user.id, at(t0, SESSION_MAX_DAYS * 24 * HOUR + 1000))).toBe(false);
  });

  it('signs out everywhere: every session of the user ends, other users keep theirs', async () => {
    const user = await makeUser('everywhere');
    const other = await makeUser('bystander');
    const a = await startSession(user.id, null, null);
    const b = await startSession(user.id, null, null);
    const c = await startSession(other.id, null, null);
    expect(await endOtherSessions(user.id, null, 'sign_out_everywhere')).toBe(2);
    expect(await isLiveSession(a.id, user.id)).toBe(false);
    expect(await isLiveSession(b.id, user.id)).toBe(false);
    expect(await isLiveSession(c.id, other.id)).toBe(true);
  });

  it('a password change ends the other sessions, keeps the current one, and revokes tokens when asked', async () => {
    const user = await makeUser('pwchange');
    const current = await startSession(user.id, null, null);
    const stolen = await startSession(user.id, null, null);
    const token = await tokenFor(user);
    const result = await changePassword(
      { ...user, sessionId: current.id },
      { currentPassword: TEST_PASSWORD, newPassword: 'new-password-43', confirmPassword: 'new-password-43', tokens: 'revoke' },
    );
    expect(result).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
    expect(await isLiveSession(current.id, user.id)).toBe(true);
    expect(await isLiveSession(stolen.id, user.id)).toBe(false);
    const err = await actorFromAuthorization(`Bearer ${token}`).catch((e: unknown) => e);
    expect((err as AppError).message).toMatch(/revoked/);
  });

  it('keeps API tokens working after a password change when the user chooses so', async () => {
    const user = await makeUser('keeptokens');
    const token = await tokenFor(user);
    const result = await changePassword(user, { currentPassword: TEST_PASSWORD, newPassword: 'new-password-44', confirmPassword: 'new-password-44', tokens: 'keep' });
    expect(result.tokensRevoked).toBe(0);
    expect((await actorFromAuthorization(`Bearer ${token}`))?.id).toBe(user.id);
  });
});
