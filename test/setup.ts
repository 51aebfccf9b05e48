/**
 * Test environment: an in-memory PGlite per test file unless DATABASE_URL points at a real
 * Postgres server (CI runs the suite both ways). Local state (the Auth.js secret) goes to a
 * temporary directory, never to the developer's .data/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

process.env.DATABASE_URL ||= 'pglite://memory';
process.env.LETHE_DATA_DIR ||= fs.mkdtempSync(path.join(os.tmpdir(), 'lethe-test-'));

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
});
