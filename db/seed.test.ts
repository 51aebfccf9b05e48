import { describe, expect, it } from 'vitest';
import { closeDb } from './client';
import { listDatasets } from './queries/datasets';
import { findUserByEmail } from './queries/users';
import { DEMO_ADMIN, DEMO_DATASETS, seedDemo } from './seed';

// Seeding needs an installation without users: a fresh in-memory database. On a shared Postgres
// test database other files have created users, so only the refusal can be checked there.
const onPostgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');

describe('seedDemo', () => {
  it.skipIf(onPostgres)('creates the demo admin, team and datasets into an empty installation, once', async () => {
    await closeDb(); // the next query opens a new, empty in-memory database
    expect(await seedDemo()).toBe(true);
    expect((await findUserByEmail(DEMO_ADMIN.email))?.isAdmin).toBe(true);
    const datasets = await listDatasets({ teamId: null });
    expect(datasets.map((d) => d.name).sort()).toEqual(DEMO_DATASETS.map((d) => d.options.name).sort());
    expect(datasets.find((d) => d.name.startsWith('Synthetic'))?.origin).toBe('demo');
    expect(await seedDemo()).toBe(false);
  });

  it('leaves an installation that has users alone', async () => {
    await findUserByEmail('x@example.org');
    expect(await seedDemo()).toBe(false);
  });
});
