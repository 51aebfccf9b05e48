/**
 * Accounts: sign-up, credential checks with rate limiting, profile changes, admin changes.
 */
import { z } from 'zod';
import { recordAudit } from '@/db/queries/audit';
import { clearSignInFailures, countSignInFailures, recordSignInFailure } from '@/db/queries/sign-in-failures';
import { countUsers, findUserByEmail, findUserById, insertUser, listUsers, updateUser } from '@/db/queries/users';
import { DbError } from '@/db/errors';
import type { User } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { Actor } from './actor';
import { emailSchema, hashPassword, nameSchema, passwordSchema, unknownUserHash, verifyPassword } from './credentials';

export const signUpSchema = z.object({ email: emailSchema, name: nameSchema, password: passwordSchema });
export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(200),
});

/** Failed sign-ins allowed per account (and, more generously, per address) in the window. */
export const SIGN_IN_LIMIT = { perAccount: 5, perAddress: 30, windowMinutes: 15 } as const;

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

/**
 * Checks email and password. Refuses while the account or address has too many recent failures,
 * records every failure (and audits it) so guessing is slowed down and visible.
 */
export async function verifyCredentials(email: string, password: string, ip: string | null): Promise<User> {
  const since = new Date(Date.now() - SIGN_IN_LIMIT.windowMinutes * 60_000);
  const failures = await countSignInFailures(email, ip, since);
  if (failures.byEmail >= SIGN_IN_LIMIT.perAccount || failures.byIp >= SIGN_IN_LIMIT.perAddress) {
    await recordAudit({ action: 'auth.sign_in_throttled', details: { email }, ip });
    throw new AppError(
      'rate_limited',
      `Too many failed sign-ins. Wait ${SIGN_IN_LIMIT.windowMinutes} minutes and try again.`,
      { retryAfterSeconds: SIGN_IN_LIMIT.windowMinutes * 60 },
    );
  }
  const user = await findUserByEmail(email);
  const ok = await verifyPassword(password, user?.passwordHash ?? unknownUserHash());
  if (!user || !ok) {
    await recordSignInFailure(email, ip);
    await recordAudit({ action: 'auth.sign_in_failed', actorId: user?.id ?? null, details: { email }, ip });
    throw new AppError('unauthorized', 'Wrong email or password.');
  }
  if (user.disabledAt) {
    await recordAudit({ action: 'auth.sign_in_disabled', actorId: user.id, details: { email }, ip });
    throw new AppError('forbidden', 'This account is disabled. Ask a site admin to enable it.');
  }
  await clearSignInFailures(email);
  return user;
}

export const profileSchema = z.object({ name: nameSchema });
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.'),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: 'The two new passwords differ.', path: ['confirmPassword'] });

export async function updateProfile(actor: Actor, input: z.infer<typeof profileSchema>): Promise<void> {
  await updateUser(actor.id, { name: input.name });
}

export async function changePassword(actor: Actor, input: z.infer<typeof changePasswordSchema>): Promise<void> {
  const user = await findUserById(actor.id);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError('validation', 'Your current password is wrong.', { field: 'currentPassword' });
  }
  await updateUser(actor.id, { passwordHash: await hashPassword(input.newPassword) });
  await recordAudit({ action: 'user.password_changed', actorId: actor.id, targetType: 'user', targetId: actor.id });
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
