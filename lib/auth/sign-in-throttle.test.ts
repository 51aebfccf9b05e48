import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { makeUser, TEST_PASSWORD, uniqueEmail } from '@/test/factories';
import { verifyCredentials } from './accounts';
import { accountWaitSeconds, SIGN_IN_LIMIT } from './sign-in-throttle';

const FREE = SIGN_IN_LIMIT.freeAccountFailures;

async function attempt(email: string, password: string, ip: string | null, now: Date): Promise<number> {
  try {
    await verifyCredentials(email, password, ip, now);
    return 200;
  } catch (err) {
    if (err instanceof AppError) return err.status;
    throw err;
  }
}

function later(start: Date, seconds: number): Date {
  return new Date(start.getTime() + seconds * 1000);
}

describe('sign-in throttling', () => {
  it('lets no more than the free failures plus one through 40 parallel wrong passwords', async () => {
    const user = await makeUser('parallel');
    const now = new Date();
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(user.email, `wrong-${i}-password`, '203.0.113.1', now)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(FREE + 1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - FREE - 1);
  });

  it('makes an account wait longer after each failure and accepts the right password once the wait is over', async () => {
    const user = await makeUser('backoff');
    const t0 = new Date();
    for (let i = 0; i <= FREE; i++) expect(await attempt(user.email, `wrong-${i}-password`, '203.0.113.2', t0)).toBe(401);
    const firstWait = accountWaitSeconds(FREE + 1);
    expect(firstWait).toBe(2);
    // During the wait even the right password is refused, and says how long to wait.
    const refused = await verifyCredentials(user.email, TEST_PASSWORD, '203.0.113.2', later(t0, 1)).catch((e: unknown) => e);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).details.retryAfterSeconds).toBe(1);
    // Another failure after the wait doubles the next one.
    expect(await attempt(user.email, 'wrong-again-1', '203.0.113.2', later(t0, firstWait))).toBe(401);
    const second = await verifyCredentials(user.email, TEST_PASSWORD, '203.0.113.2', later(t0, firstWait + 1)).catch((e: unknown) => e);
    expect((second as AppError).details.retryAfterSeconds).toBe(accountWaitSeconds(FREE + 2) - 1);
    expect(accountWaitSeconds(FREE + 2)).toBe(4);
    // After the wait the owner's password works and ends the streak.
    expect(await attempt(user.email, TEST_PASSWORD, '198.51.100.2', later(t0, firstWait + 4))).toBe(200);
    expect(await attempt(user.email, 'wrong-after-reset', '198.51.100.2', later(t0, firstWait + 5))).toBe(401);
    expect(await attempt(user.email, TEST_PASSWORD, '198.51.100.2', later(t0, firstWait + 5))).toBe(200);
  });

  it('does not let a burst of requests lock the owner out: refused attempts are not counted', async () => {
    const user = await makeUser('victim');
    const t0 = new Date();
    const burst = [];
    for (let i = 0; i < 30; i++) burst.push(await attempt(user.email, `guess-${i}-password`, '203.0.113.3', t0));
    expect(burst.filter((s) => s === 401)).toHaveLength(FREE + 1);
    // The owner, a few seconds later, from the attacker's address or their own.
    expect(await attempt(user.email, TEST_PASSWORD, '203.0.113.3', later(t0, accountWaitSeconds(FREE + 1)))).toBe(200);
  });

  it('caps failures per address across accounts, and only for that address and window', async () => {
    const t0 = new Date();
    const spray = '203.0.113.4';
    for (let i = 0; i < SIGN_IN_LIMIT.perAddress; i++) expect(await attempt(uniqueEmail('spray'), 'wrong-password-1', spray, t0)).toBe(401);
    const refused = await verifyCredentials(uniqueEmail('spray'), 'wrong-password-1', spray, t0).catch((e: unknown) => e);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).message).toMatch(/network address/);
    const user = await makeUser('elsewhere');
    expect(await attempt(user.email, TEST_PASSWORD, '198.51.100.4', t0)).toBe(200);
    expect(await attempt(uniqueEmail('spray'), 'wrong-password-1', spray, later(t0, SIGN_IN_LIMIT.addressWindowMinutes * 60))).toBe(401);
  });

  it('does not use up the address allowance with successful sign-ins', async () => {
    const user = await makeUser('busy');
    const t0 = new Date();
    for (let i = 0; i < SIGN_IN_LIMIT.perAddress + 5; i++) expect(await attempt(user.email, TEST_PASSWORD, '203.0.113.5', t0)).toBe(200);
  });
});
