/**
 * Rules for emails, names and passwords, shared by sign-up, profile, admin and the API.
 */
import bcrypt from 'bcryptjs';
import { z } from 'zod';

export const PASSWORD_RULE = 'at least 10 characters, with at least one letter and one digit';

export const emailSchema = z
  .string({ error: 'Email is required.' })
  .trim()
  .min(1, 'Email is required.')
  .max(254, 'Email must be at most 254 characters.')
  .email('Enter a valid email address, like name@example.org.')
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string({ error: 'Password is required.' })
  .min(10, `Password must be ${PASSWORD_RULE}.`)
  .max(200, 'Password must be at most 200 characters.')
  .refine((p) => /[A-Za-z]/.test(p) && /[0-9]/.test(p), `Password must be ${PASSWORD_RULE}.`);

export const nameSchema = z.string().trim().min(1, 'Name is required.').max(100, 'Name must be at most 100 characters.');

const BCRYPT_ROUNDS = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

let cachedUnknownUserHash: string | undefined;

/** A hash to compare against when the account does not exist, so timing does not reveal it. */
export function unknownUserHash(): string {
  cachedUnknownUserHash ??= bcrypt.hashSync('no such user', BCRYPT_ROUNDS);
  return cachedUnknownUserHash;
}
