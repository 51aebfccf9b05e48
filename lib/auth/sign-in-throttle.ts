/**
 * The sign-in throttling policy, pure: given the locked throttle rows of the account and the
 * client address, decide whether an attempt may go ahead and what the rows become.
 *
 * - Every admitted attempt is counted before the password is checked (bcrypt is slow; counting
 *   afterwards let 13 of 40 parallel guesses through a limit of 5). A correct password then
 *   takes its count back.
 * - Account: the first few failures cost nothing; after that each failure makes the account
 *   wait twice as long as the last (2 s, 4 s, 8 s, ... at most 15 minutes). Attempts refused
 *   during a wait are not counted, so keeping an account blocked for an hour takes an attacker
 *   an hour of steady guessing at a growing interval, never a burst of a few requests; the
 *   owner's correct password works as soon as the current wait is over, and resets it.
 * - Address: at most 30 counted failures per 15-minute window across all accounts, so one
 *   client cannot spray guesses over many accounts. Successful sign-ins do not use it up.
 */
import type { SignInThrottle } from '@/db/schema';

export const SIGN_IN_LIMIT = {
  /** Consecutive failures on an account before waits begin. */
  freeAccountFailures: 4,
  firstWaitSeconds: 2,
  maxWaitSeconds: 15 * 60,
  /** An account's failure streak is forgotten after this long without attempts. */
  accountMemoryHours: 24,
  perAddress: 30,
  addressWindowMinutes: 15,
} as const;

export function accountKey(email: string): string {
  return `account:${email.toLowerCase()}`;
}

export function addressKey(ip: string): string {
  return `address:${ip}`;
}

/** Seconds an account waits after its `failures`-th consecutive failure. */
export function accountWaitSeconds(failures: number): number {
  const beyond = failures - SIGN_IN_LIMIT.freeAccountFailures;
  if (beyond <= 0) return 0;
  return Math.min(SIGN_IN_LIMIT.firstWaitSeconds * 2 ** (beyond - 1), SIGN_IN_LIMIT.maxWaitSeconds);
}

export interface Refusal {
  scope: 'account' | 'address';
  retryAfterSeconds: number;
}

export interface Admission {
  refusal: Refusal | null;
  account: SignInThrottle;
  address: SignInThrottle | null;
}

function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

function freshAccount(row: SignInThrottle, now: Date): SignInThrottle {
  const idleMs = now.getTime() - row.updatedAt.getTime();
  return idleMs > SIGN_IN_LIMIT.accountMemoryHours * 3_600_000 ? { ...row, failures: 0, blockedUntil: null, windowStartedAt: now } : row;
}

function freshAddress(row: SignInThrottle, now: Date): SignInThrottle {
  const windowMs = SIGN_IN_LIMIT.addressWindowMinutes * 60_000;
  return now.getTime() - row.windowStartedAt.getTime() >= windowMs ? { ...row, failures: 0, blockedUntil: null, windowStartedAt: now } : row;
}

/** Decides one attempt. A refused attempt changes nothing (it is not counted). */
export function admitAttempt(accountRow: SignInThrottle, addressRow: SignInThrottle | null, now: Date): Admission {
  const account = freshAccount(accountRow, now);
  const address = addressRow ? freshAddress(addressRow, now) : null;
  if (account.blockedUntil && account.blockedUntil > now) {
    return { refusal: { scope: 'account', retryAfterSeconds: secondsUntil(account.blockedUntil, now) }, account: accountRow, address: addressRow };
  }
  if (address && address.failures >= SIGN_IN_LIMIT.perAddress) {
    const windowEnd = new Date(address.windowStartedAt.getTime() + SIGN_IN_LIMIT.addressWindowMinutes * 60_000);
    return { refusal: { scope: 'address', retryAfterSeconds: secondsUntil(windowEnd, now) }, account: accountRow, address: addressRow };
  }
  const failures = account.failures + 1;
  const wait = accountWaitSeconds(failures);
  return {
    refusal: null,
    account: { ...account, failures, blockedUntil: wait > 0 ? new Date(now.getTime() + wait * 1000) : null, updatedAt: now },
    address: address ? { ...address, failures: address.failures + 1, updatedAt: now } : null,
  };
}

/** After a correct password: the account's streak ends, the address gets its count back. */
export function settleSuccess(accountRow: SignInThrottle, addressRow: SignInThrottle | null, now: Date): { account: SignInThrottle; address: SignInThrottle | null } {
  return {
    account: { ...accountRow, failures: 0, blockedUntil: null, updatedAt: now },
    address: addressRow ? { ...addressRow, failures: Math.max(0, addressRow.failures - 1), updatedAt: now } : null,
  };
}
