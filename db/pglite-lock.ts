/**
 * PGlite allows one process per data directory: two processes on one directory silently lose
 * writes. This lock file turns that into a clear error at start.
 */
import fs from 'node:fs';
import path from 'node:path';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirectoryLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is already used by another Lethe process (pid ${pid}). ` +
        'Stop that process, or set LETHE_DATA_DIR to another directory, or set DATABASE_URL to share a Postgres server.',
    );
    this.name = 'DataDirectoryLockedError';
  }
}

/** Takes the lock for `dir` for this process; a stale lock of a dead process is taken over. */
export function lockDataDirectory(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'lethe.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      process.once('exit', () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (holder === process.pid) return;
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) throw new DataDirectoryLockedError(dir, holder);
      fs.unlinkSync(lockPath);
    }
  }
}
