import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirectoryLockedError, lockDataDirectory } from './pglite-lock';

describe('lockDataDirectory', () => {
  it('refuses a directory another live process holds, with a message saying what to do', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lethe-lock-'));
    // The parent process (the test runner) stands in for another Lethe process using the directory.
    fs.writeFileSync(path.join(dir, 'lethe.lock'), String(process.ppid));
    expect(() => lockDataDirectory(dir)).toThrow(DataDirectoryLockedError);
    expect(() => lockDataDirectory(dir)).toThrow(/already used by another Lethe process \(pid \d+\).*DATABASE_URL/);
  });

  it('takes over the lock of a process that is gone, and lets its own process in again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lethe-lock-'));
    fs.writeFileSync(path.join(dir, 'lethe.lock'), '999999999');
    lockDataDirectory(dir);
    expect(fs.readFileSync(path.join(dir, 'lethe.lock'), 'utf8')).toBe(String(process.pid));
    expect(() => lockDataDirectory(dir)).not.toThrow();
  });
});
