import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '../client';
import { query } from '../errors';
import { datasetVersions, scenarios, users, type Scenario } from '../schema';
import { recordAudit, type AuditInput } from './audit';

export type NewScenario = Omit<Scenario, 'id' | 'createdAt' | 'updatedAt' | 'lockedAt'>;

export interface ScenarioListRow extends Scenario {
  version: number;
  createdByEmail: string | null;
}

export async function insertScenario(values: NewScenario): Promise<Scenario> {
  return query('create scenario', async () => {
    const db = await getDb();
    const [row] = await db.insert(scenarios).values(values).returning();
    return row;
  });
}

export async function findScenario(id: string): Promise<Scenario | undefined> {
  return query('find scenario', async () => {
    const db = await getDb();
    const [row] = await db.select().from(scenarios).where(eq(scenarios.id, id));
    return row;
  });
}

export async function listScenarios(datasetId: string): Promise<ScenarioListRow[]> {
  return query('list scenarios', async () => {
    const db = await getDb();
    const rows = await db
      .select({ scenario: scenarios, version: datasetVersions.version, createdByEmail: users.email })
      .from(scenarios)
      .innerJoin(datasetVersions, eq(datasetVersions.id, scenarios.datasetVersionId))
      .leftJoin(users, eq(users.id, scenarios.createdBy))
      .where(eq(scenarios.datasetId, datasetId))
      .orderBy(desc(scenarios.createdAt));
    return rows.map((r) => ({ ...r.scenario, version: r.version, createdByEmail: r.createdByEmail }));
  });
}

export async function listScenarioNames(datasetId: string): Promise<Array<{ id: string; name: string }>> {
  return query('list scenario names', async () => {
    const db = await getDb();
    return db.select({ id: scenarios.id, name: scenarios.name }).from(scenarios).where(eq(scenarios.datasetId, datasetId));
  });
}

/** Changes an unlocked scenario; a locked one (used by a study) is never changed. */
export async function updateUnlockedScenario(id: string, values: Partial<NewScenario>): Promise<Scenario | undefined> {
  return query('update scenario', async () => {
    const db = await getDb();
    const [row] = await db
      .update(scenarios)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(scenarios.id, id), isNull(scenarios.lockedAt)))
      .returning();
    return row;
  });
}

export async function deleteScenario(id: string, audit?: AuditInput): Promise<boolean> {
  return query('delete scenario', async () => {
    const db = await getDb();
    return db.transaction(async (tx) => {
      const rows = await tx.delete(scenarios).where(eq(scenarios.id, id)).returning({ id: scenarios.id });
      if (rows.length && audit) await recordAudit(audit, tx);
      return rows.length > 0;
    });
  });
}
