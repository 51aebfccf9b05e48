import 'server-only';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { query, toDbError } from '../errors';
import {
  datasetChunks,
  datasets,
  datasetSourceChunks,
  datasetSources,
  datasetVersions,
  teams,
  users,
  type Dataset,
  type DatasetSource,
  type DatasetVersion,
  type StoredSourceFile,
} from '../schema';
import { recordAudit, type AuditInput } from './audit';
import { inTransaction as transaction, type Tx } from '../transaction';

export interface DatasetListRow {
  id: string;
  teamId: string;
  teamName: string;
  name: string;
  description: string;
  kind: Dataset['kind'];
  origin: string;
  latestVersion: number;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  rowCount: number;
  featureCount: number;
  classCount: number;
  createdByEmail: string | null;
}

/** Datasets of one team, or of every team (teamId null, for admins), newest first. */
export async function listDatasets(options: { teamId: string | null; includeArchived?: boolean }): Promise<DatasetListRow[]> {
  return query('list datasets', async () => {
    const db = await getDb();
    const filters = [];
    if (options.teamId) filters.push(eq(datasets.teamId, options.teamId));
    if (!options.includeArchived) filters.push(isNull(datasets.archivedAt));
    return db
      .select({
        id: datasets.id,
        teamId: datasets.teamId,
        teamName: teams.name,
        name: datasets.name,
        description: datasets.description,
        kind: datasets.kind,
        origin: datasets.origin,
        latestVersion: datasets.latestVersion,
        archivedAt: datasets.archivedAt,
        createdAt: datasets.createdAt,
        updatedAt: datasets.updatedAt,
        rowCount: datasetVersions.rowCount,
        featureCount: datasetVersions.featureCount,
        classCount: sql<number>`jsonb_array_length(${datasetVersions.classNames})::int`,
        createdByEmail: users.email,
      })
      .from(datasets)
      .innerJoin(teams, eq(teams.id, datasets.teamId))
      .innerJoin(datasetVersions, and(eq(datasetVersions.datasetId, datasets.id), eq(datasetVersions.version, datasets.latestVersion)))
      .leftJoin(users, eq(users.id, datasets.createdBy))
      .where(filters.length ? and(...filters) : undefined)
      .orderBy(desc(datasets.updatedAt));
  });
}

export async function findDataset(id: string): Promise<Dataset | undefined> {
  return query('find dataset', async () => {
    const db = await getDb();
    const [row] = await db.select().from(datasets).where(eq(datasets.id, id));
    return row;
  });
}

export async function findDatasetByName(teamId: string, name: string): Promise<Dataset | undefined> {
  return query('find dataset by name', async () => {
    const db = await getDb();
    const [row] = await db
      .select()
      .from(datasets)
      .where(and(eq(datasets.teamId, teamId), sql`lower(${datasets.name}) = lower(${name})`));
    return row;
  });
}

export type VersionSummary = Omit<DatasetVersion, 'storage'> & { createdByEmail: string | null };

export async function listVersions(datasetId: string): Promise<VersionSummary[]> {
  return query('list dataset versions', async () => {
    const db = await getDb();
    const rows = await db
      .select({ version: datasetVersions, createdByEmail: users.email })
      .from(datasetVersions)
      .leftJoin(users, eq(users.id, datasetVersions.createdBy))
      .where(eq(datasetVersions.datasetId, datasetId))
      .orderBy(desc(datasetVersions.version));
    return rows.map(({ version, createdByEmail }) => {
      const { storage: _storage, ...rest } = version;
      return { ...rest, createdByEmail };
    });
  });
}

export async function findVersion(datasetId: string, version: number): Promise<DatasetVersion | undefined> {
  return query('find dataset version', async () => {
    const db = await getDb();
    const [row] = await db
      .select()
      .from(datasetVersions)
      .where(and(eq(datasetVersions.datasetId, datasetId), eq(datasetVersions.version, version)));
    return row;
  });
}

export async function findVersionById(versionId: string): Promise<DatasetVersion | undefined> {
  return query('find dataset version', async () => {
    const db = await getDb();
    const [row] = await db.select().from(datasetVersions).where(eq(datasetVersions.id, versionId));
    return row;
  });
}

export async function loadVersionChunks(versionId: string): Promise<Uint8Array[]> {
  return query('load dataset chunks', async () => {
    const db = await getDb();
    const rows = await db.select({ data: datasetChunks.data }).from(datasetChunks).where(eq(datasetChunks.versionId, versionId)).orderBy(asc(datasetChunks.index));
    return rows.map((r) => r.data);
  });
}

export async function findSource(sourceId: string): Promise<DatasetSource | undefined> {
  return query('find dataset source', async () => {
    const db = await getDb();
    const [row] = await db.select().from(datasetSources).where(eq(datasetSources.id, sourceId));
    return row;
  });
}

export async function loadSourceChunks(sourceId: string): Promise<Uint8Array[]> {
  return query('load dataset source', async () => {
    const db = await getDb();
    const rows = await db
      .select({ data: datasetSourceChunks.data })
      .from(datasetSourceChunks)
      .where(eq(datasetSourceChunks.sourceId, sourceId))
      .orderBy(asc(datasetSourceChunks.index));
    return rows.map((r) => r.data);
  });
}

export interface NewSource {
  format: DatasetSource['format'];
  files: StoredSourceFile[];
  byteLength: number;
  chunks: Uint8Array[];
}

export interface NewVersion {
  options: Record<string, unknown>;
  note: string;
  hash: string;
  kind: DatasetVersion['kind'];
  rowCount: number;
  featureCount: number;
  classNames: string[];
  schema: unknown[];
  stats: Record<string, unknown>;
  storage: Record<string, unknown>;
  chunks: Uint8Array[];
}

/**
 * Bytes of chunk data sent in one multi-row INSERT: few round trips (one statement for most
 * datasets), while the statement's parameters (twice this as hex text on PGlite) stay bounded.
 */
const INSERT_BATCH_BYTES = 4 * 1024 * 1024;

/** Chunks with their index, grouped into batches of at most INSERT_BATCH_BYTES (at least one chunk each). */
function chunkBatches(chunks: Uint8Array[]): Array<Array<{ index: number; data: Uint8Array }>> {
  const batches: Array<Array<{ index: number; data: Uint8Array }>> = [];
  let current: Array<{ index: number; data: Uint8Array }> = [];
  let bytes = 0;
  chunks.forEach((data, index) => {
    if (current.length > 0 && bytes + data.length > INSERT_BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ index, data });
    bytes += data.length;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

async function insertSource(tx: Tx, datasetId: string, source: NewSource): Promise<string> {
  const [row] = await tx
    .insert(datasetSources)
    .values({ datasetId, format: source.format, files: source.files, byteLength: source.byteLength })
    .returning({ id: datasetSources.id });
  for (const batch of chunkBatches(source.chunks)) {
    await tx.insert(datasetSourceChunks).values(batch.map(({ index, data }) => ({ sourceId: row.id, index, data })));
  }
  return row.id;
}

async function insertVersion(tx: Tx, datasetId: string, number: number, sourceId: string, v: NewVersion, createdBy: string | null): Promise<DatasetVersion> {
  const { chunks, ...fields } = v;
  const [row] = await tx
    .insert(datasetVersions)
    .values({ ...fields, datasetId, version: number, sourceId, createdBy })
    .returning();
  for (const batch of chunkBatches(chunks)) {
    await tx.insert(datasetChunks).values(batch.map(({ index, data }) => ({ versionId: row.id, index, data })));
  }
  return row;
}


/** Stores a new dataset with its first version, source, chunks and audit event: all or nothing. */
export async function storeNewDataset(input: {
  teamId: string;
  name: string;
  description: string;
  origin?: string;
  createdBy: string | null;
  source: NewSource;
  version: NewVersion;
  audit: Omit<AuditInput, 'targetId'>;
}): Promise<{ dataset: Dataset; version: DatasetVersion }> {
  return transaction('store dataset', async (tx) => {
    const [dataset] = await tx
      .insert(datasets)
      .values({ teamId: input.teamId, name: input.name, description: input.description, kind: input.version.kind, origin: input.origin ?? 'upload', createdBy: input.createdBy })
      .returning();
    const sourceId = await insertSource(tx, dataset.id, input.source);
    const version = await insertVersion(tx, dataset.id, 1, sourceId, input.version, input.createdBy);
    await recordAudit({ ...input.audit, targetId: dataset.id }, tx);
    return { dataset, version };
  });
}

/**
 * Adds the next version of a dataset: from a new source (replaced data) or an existing one
 * (schema or split changed). The dataset row is locked so two new versions get distinct numbers.
 */
export async function storeNextVersion(input: {
  datasetId: string;
  createdBy: string | null;
  source: NewSource | { existingSourceId: string };
  version: NewVersion;
}): Promise<DatasetVersion> {
  return transaction('store dataset version', async (tx) => {
    const [locked] = await tx.select().from(datasets).where(eq(datasets.id, input.datasetId)).for('update');
    if (!locked) throw toDbError(new Error('dataset vanished'), 'store dataset version');
    const sourceId = 'existingSourceId' in input.source ? input.source.existingSourceId : await insertSource(tx, input.datasetId, input.source);
    const next = locked.latestVersion + 1;
    const version = await insertVersion(tx, input.datasetId, next, sourceId, input.version, input.createdBy);
    await tx.update(datasets).set({ latestVersion: next, updatedAt: new Date() }).where(eq(datasets.id, input.datasetId));
    return version;
  });
}

export async function updateDataset(
  id: string,
  values: Partial<Pick<Dataset, 'name' | 'description' | 'archivedAt'>>,
  audit?: AuditInput,
): Promise<Dataset | undefined> {
  return transaction('update dataset', async (tx) => {
    const [row] = await tx
      .update(datasets)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(datasets.id, id))
      .returning();
    if (row && audit) await recordAudit(audit, tx);
    return row;
  });
}

export async function deleteDataset(id: string, audit: AuditInput): Promise<boolean> {
  return transaction('delete dataset', async (tx) => {
    const rows = await tx.delete(datasets).where(eq(datasets.id, id)).returning({ id: datasets.id });
    if (rows.length) await recordAudit(audit, tx);
    return rows.length > 0;
  });
}

/** Rows in every dataset storage table: a refused upload must leave them all unchanged. */
export async function datasetStorageCounts(): Promise<{ datasets: number; versions: number; chunks: number; sources: number; sourceChunks: number }> {
  return query('count dataset storage', async () => {
    const db = await getDb();
    const [row] = await db
      .select({
        datasets: sql<number>`(select count(*) from ${datasets})::int`,
        versions: sql<number>`(select count(*) from ${datasetVersions})::int`,
        chunks: sql<number>`(select count(*) from ${datasetChunks})::int`,
        sources: sql<number>`(select count(*) from ${datasetSources})::int`,
        sourceChunks: sql<number>`(select count(*) from ${datasetSourceChunks})::int`,
      })
      .from(sql`(select 1) as one`);
    return row;
  });
}
