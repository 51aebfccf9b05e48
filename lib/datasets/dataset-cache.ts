/**
 * Decoded dataset versions kept in memory by content hash, so paging through rows or images,
 * and workers running many runs on one version, decode it once.
 */
import { decodeDataset, type DatasetArrays, type StoredDatasetHeader } from '@/lib/data';
import { findVersionById, loadVersionChunks } from '@/db/queries/datasets';
import { AppError } from '@/lib/errors';

const MAX_CACHED_BYTES = Number(process.env.LETHE_DATASET_CACHE_BYTES || 768 * 1024 * 1024);

interface Entry {
  dataset: DatasetArrays;
  bytes: number;
}

const globalCache = globalThis as unknown as { letheDatasetCache?: Map<string, Promise<Entry>> };
const cache = (globalCache.letheDatasetCache ??= new Map());

function sizeOf(ds: DatasetArrays): number {
  let bytes = ds.labels.byteLength + (ds.pixels?.byteLength ?? 0);
  for (const c of ds.columns) bytes += c.type === 'numeric' ? c.values.byteLength : c.codes.byteLength;
  return bytes;
}

async function evictBeyondLimit(): Promise<void> {
  let total = 0;
  const entries = [...cache.entries()].reverse(); // newest last in a Map: walk from newest
  for (const [key, pending] of entries) {
    const entry = await pending.catch(() => null);
    if (!entry) continue;
    total += entry.bytes;
    if (total > MAX_CACHED_BYTES) cache.delete(key);
  }
}

/** The arrays of one stored version (by version id), decoded once per process. */
export async function loadDatasetArrays(versionId: string): Promise<{ dataset: DatasetArrays; hash: string }> {
  const version = await findVersionById(versionId);
  if (!version) throw new AppError('not_found', 'Dataset version was not found.');
  const hit = cache.get(version.hash);
  if (hit) {
    cache.delete(version.hash);
    cache.set(version.hash, hit);
    return { dataset: (await hit).dataset, hash: version.hash };
  }
  const pending = (async () => {
    const chunks = await loadVersionChunks(version.id);
    const dataset = decodeDataset(version.storage as unknown as StoredDatasetHeader, chunks);
    return { dataset, bytes: sizeOf(dataset) };
  })();
  cache.set(version.hash, pending);
  pending.catch(() => cache.delete(version.hash));
  const entry = await pending;
  await evictBeyondLimit();
  return { dataset: entry.dataset, hash: version.hash };
}
