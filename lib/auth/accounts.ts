/**
 * Accounts: sign-up, credential checks with rate limiting, profile changes, admin changes.
 */
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import { lockThrottle, saveThrottle } from '@/db/queries/sign-in-throttles';
import { revokeAllApiTokens } from '@/db/queries/tokens';
import { countUsers, findUserByEmail, findUserById, insertUser, listUsers, updateUser } from '@/db/queries/users';
import { DbError } from '@/db/errors';
import { inTransaction } from '@/db/transaction';
import type { User } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { Actor } from './actor';
import { emailSchema, hashPassword, nameSchema, passwordSchema, unknownUserHash, verifyPassword } from './credentials';
import { endOtherSessions } from './sessions';
import { accountKey, addressKey, admitAttempt, settleSuccess, type Refusal } from './sign-in-throttle';

export { SIGN_IN_LIMIT } from './sign-in-throttle';

export const signUpSchema = z.object({ email: emailSchema, name: nameSchema, password: passwordSchema });
export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(200),
});


export async function signUp(input: z.infer<typeof signUpSchema>): Promise<User> {
  if (await findUserByEmail(input.email)) {
    throw new AppError('conflict', 'An account with this email already exists. Sign in instead.', { field: 'email' });
  }
  try {
    // The first account of an empty installation administers it.
    const isAdmin = (await countUsers()) === 0;
    return await insertUser({ email: input.email, name: input.name, passwordHash: await hashPassword(input.password), isAdmin });
  } catch (err) {
    if (err instanceof DbError && err.kind === 'unique_violation') {
      throw new AppError('conflict', 'An account with this email already exists. Sign in instead.', { field: 'email' });
    }
    throw err;
  }
}

/** Counts the attempt against the account and the address, or says why it must wait. */
async function admitSignIn(email: string, ip: string | null, now: Date): Promise<Refusal | null> {
  return inTransaction('admit sign-in attempt', async (tx) => {
    // Always account first, then address: one lock order, so parallel attempts cannot deadlock.
    const account = await lockThrottle(tx, accountKey(email), now);
    const address = ip ? await lockThrottle(tx, addressKey(ip), now) : null;
    const admission = admitAttempt(account, address, now);
    if (admission.refusal) return admission.refusal;
    await saveThrottle(tx, admission.account);
    if (admission.address) await saveThrottle(tx, admission.address);
    return null;
  });
}

async function settleSignIn(email: string, ip: string | null, now: Date): Promise<void> {
  await inTransaction('settle sign-in attempt', async (tx) => {
    const account = await lockThrottle(tx, accountKey(email), now);
    const address = ip ? await lockThrottle(tx, addressKey(ip), now) : null;
    const settled = settleSuccess(account, address, now);
    await saveThrottle(tx, settled.account);
    if (settled.address) await saveThrottle(tx, settled.address);
  });
}

function waitText(seconds: number): string {
  return seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * Checks email and password. Each attempt is counted (atomically, before the slow password
 * check) against the account and the client address; see sign-in-throttle.ts for the policy.
 * Failures and refusals are audited so guessing is visible.
 */
export async function verifyCredentials(email: string, password: string, ip: string | null, now = new Date()): Promise<User> {
  const normalisedEmail = email.toLowerCase();
  const refusal = await admitSignIn(normalisedEmail, ip, now);
  if (refusal) {
    await recordAudit({ action: 'auth.sign_in_throttled', details: { email: normalisedEmail, scope: refusal.scope }, ip });
    const who = refusal.scope === 'account' ? 'this account' : 'your network address';
    throw new AppError('rate_limited', `Too many failed sign-ins for ${who}. Try again in ${waitText(refusal.retryAfterSeconds)}.`, {
      retryAfterSeconds: refusal.retryAfterSeconds,
    });
  }
  const user = await findUserByEmail(normalisedEmail);
  const ok = await verifyPassword(password, user?.passwordHash ?? unknownUserHash());
  if (!user || !ok) {
    await recordAudit({ action: 'auth.sign_in_failed', actorId: user?.id ?? null, details: { email: normalisedEmail }, ip });
    throw new AppError('unauthorized', 'Wrong email or password.');
  }
  await settleSignIn(normalisedEmail, ip, now);
  if (user.disabledAt) {
    await recordAudit({ action: 'auth.sign_in_disabled', actorId: user.id, details: { email: normalisedEmail }, ip });
    throw new AppError('forbidden', 'This account is disabled. Ask a site admin to enable it.');
  }
  return user;
}

export const profileSchema = z.object({ name: nameSchema });
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.'),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
    /** The form asks: a changed password may mean the old one leaked, and tokens outlive it. */
    tokens: z.enum(['keep', 'revoke'], { error: 'Choose whether to keep or revoke your API tokens.' }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: 'The two new passwords differ.', path: ['confirmPassword'] });

export async function updateProfile(actor: Actor, input: z.infer<typeof profileSchema>): Promise<void> {
  await updateUser(actor.id, { name: input.name });
}

/**
 * Changes the password, ends every other session of the user (the one making the change stays
 * signed in) and, when asked, revokes all the user's API tokens.
 */
export async function changePassword(
  actor: Actor,
  input: z.infer<typeof changePasswordSchema>,
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const user = await findUserById(actor.id);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError('validation', 'Your current password is wrong.', { field: 'currentPassword' });
  }
  await updateUser(actor.id, { passwordHash: await hashPassword(input.newPassword) });
  await recordAudit({ action: 'user.password_changed', actorId: actor.id, targetType: 'user', targetId: actor.id, details: { tokens: input.tokens } });
  const sessionsEnded = await endOtherSessions(actor.id, actor.via === 'session' ? (actor.sessionId ?? null) : null, 'password_changed');
  let tokensRevoked = 0;
  if (input.tokens === 'revoke') {
    tokensRevoked = await revokeAllApiTokens(actor.id);
    await recordAudit({ action: 'token.revoked_all', actorId: actor.id, targetType: 'user', targetId: actor.id, details: { revoked: tokensRevoked } });
  }
  return { sessionsEnded, tokensRevoked };
}

export { listUsers };

export const adminUserChangeSchema = z.object({
  userId: z.string().uuid('Unknown user.'),
  change: z.enum(['disable', 'enable', 'make_admin', 'remove_admin'], { error: 'Unknown change.' }),
});

/** Admin changes to another account; an admin cannot lock themselves out. */
export async function adminChangeUser(actor: Actor, input: z.infer<typeof adminUserChangeSchema>): Promise<User> {
  const target = await findUserById(input.userId);
  if (!target) throw new AppError('not_found', 'User was not found.');
  if (target.id === actor.id && (input.change === 'disable' || input.change === 'remove_admin')) {
    throw new AppError('validation', 'You cannot disable yourself or remove your own admin rights; ask another admin.');
  }
  const values =
    input.change === 'disable'
      ? { disabledAt: new Date() }
      : input.change === 'enable'
        ? { disabledAt: null }
        : { isAdmin: input.change === 'make_admin' };
  const updated = await updateUser(target.id, values);
  if (!updated) throw new AppError('not_found', 'User was not found.');
  await recordAudit({ action: `admin.user_${input.change}`, actorId: actor.id, targetType: 'user', targetId: target.id, details: { email: target.email } });
  return updated;
}
