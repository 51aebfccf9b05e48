/**
 * The Auth.js secret: AUTH_SECRET when set (deployments), otherwise generated once into the
 * data directory so a fresh clone signs people in with zero setup and sessions survive restarts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDirectory } from '@/db/config';

export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const dir = dataDirectory();
  const file = path.join(dir, 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      // Another module graph of this process wrote it first: use theirs.
      return fs.readFileSync(file, 'utf8').trim();
    }
  }
}
