/**
 * Test environment: an in-memory PGlite per test file unless DATABASE_URL points at a real
 * Postgres server (CI runs the suite both ways). Local state (the Auth.js secret) goes to a
 * temporary directory, never to the developer's .data/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

process.env.DATABASE_URL ||= 'pglite://memory';
process.env.LETHE_DATA_DIR ||= fs.mkdtempSync(path.join(os.tmpdir(), 'lethe-test-'));
// Test files share a Postgres database in CI: each file's jobs go to a queue of its own, so
// one file's workers never take another file's runs.
process.env.LETHE_QUEUE ||= `lethe-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  // The first account of an installation becomes site admin; a bootstrap account takes that
  // place so no test user is an admin by accident of test order.
  const { countUsers, insertUser } = await import('@/db/queries/users');
  if ((await countUsers()) > 0) return;
  await insertUser({ email: 'bootstrap@lethe.test', name: 'Bootstrap', passwordHash: 'x', isAdmin: true }).catch(() => {});
});

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
});
