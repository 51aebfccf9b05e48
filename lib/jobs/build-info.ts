/** Which Lethe computed a result: version from package.json and the git commit, for manifests. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

let cached: { version: string; commit: string | null } | null = null;

export function letheBuild(): { version: string; commit: string | null } {
  if (cached) return cached;
  const root = process.env.LETHE_APP_ROOT ?? process.cwd();
  let version = '0.0.0';
  try {
    version = JSON.parse(fs.readFileSync(path.join(/*turbopackIgnore: true*/ root, 'package.json'), 'utf8')).version;
  } catch {
    // Not fatal: the manifest says unknown.
  }
  let commit: string | null = process.env.LETHE_COMMIT ?? null;
  if (!commit) {
    try {
      commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
      commit = null;
    }
  }
  cached = { version, commit };
  return cached;
}
